/**
 * Two tiers. `unit`: synth and validation tests, in-process, seconds. `terraform`: runs the
 * Terraform CLI (validate, and the lifecycle against the local AWS emulator), minutes.
 *
 * The unit tier runs on jest-light-runner in jest's own process: cdktf, the provider classes
 * and zod (about 8 MB of JavaScript) load once for every test file instead of once per file,
 * which is most of the tier's time. The price is that the test files share their module cache
 * and globals; a test that changes process.env puts it back. One process rather than a pool of
 * two: the pool of child processes now and then lost a finished file and waited forever
 * (seen twice in a day of runs on a busy machine), and one process is about a second slower.
 * TypeScript reaches it through Node's loader hook (tsx), which the npm scripts start jest with.
 * @type {import('jest').Config}
 */
const withTsx = /--import[= ]tsx\b/.test(
  `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`,
);
if (!withTsx) {
  throw new Error(
    'the tests load TypeScript through tsx: run them with npm test or npm run test:unit',
  );
}

module.exports = {
  // One worker: jest-light-runner then runs every test file in this process.
  maxWorkers: 1,
  projects: [
    {
      displayName: 'unit',
      runner: 'jest-light-runner',
      testMatch: ['<rootDir>/test/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['@swc/jest'] },
      testMatch: ['<rootDir>/test/terraform/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    },
  ],
};
