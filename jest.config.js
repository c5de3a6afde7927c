/**
 * Two tiers. `unit`: synth and validation tests, in-process, seconds. `terraform`: runs the
 * Terraform CLI (validate, and the lifecycle against the local AWS emulator), minutes.
 *
 * The unit tier runs on jest-light-runner: each worker loads cdktf, the provider classes and
 * zod once (about 8 MB of JavaScript) instead of once per test file, which is most of the
 * tier's time. The price is that test files of one worker share their module cache and
 * globals; a test that changes process.env puts it back. TypeScript reaches those workers
 * through Node's own loader hook (tsx), set here so that a bare `npx jest` works too.
 * @type {import('jest').Config}
 */
const TSX_LOADER = '--import=tsx';
if (!(process.env.NODE_OPTIONS ?? '').includes(TSX_LOADER)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${TSX_LOADER}`.trim();
}

module.exports = {
  // Both cores: jest's default leaves one idle on a 2-core machine.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      runner: 'jest-light-runner/child-process',
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
