import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const providerRoots = ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', '.local/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // A provider package's root import loads every resource class: seconds and gigabytes.
      'no-restricted-imports': [
        'error',
        {
          paths: providerRoots.map((name) => ({
            name,
            message: `Import the one resource you need, e.g. '${name}/lib/<resource>'.`,
          })),
        },
      ],
      'no-console': 'error',
    },
  },
  {
    // Scripts and the app's entry point talk to a person; constructs stay silent.
    files: ['main.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
  },
);
