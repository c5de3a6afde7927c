/**
 * Two tiers. `unit`: synth and validation tests, in-process, seconds. `terraform`: runs the
 * Terraform CLI (validate, and the lifecycle against the local AWS emulator), minutes.
 * @type {import('jest').Config}
 */
const transform = { '^.+\\.ts$': ['@swc/jest'] };

module.exports = {
  // Both cores: jest's default leaves one idle on a 2-core machine.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/terraform/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    },
  ],
};
