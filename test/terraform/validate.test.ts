import { localEnvironment } from '../../scripts/lib/environment';
import { synthesize, type SynthesizedApp } from './helpers';

/** Terraform loads the AWS provider schema for each validate: about ten seconds a stack. */
const PER_STACK_MS = 120_000;

// Note: only the local target is validated. The aws target adds the kubernetes and helm
// providers, whose binaries cannot be installed offline; its synthesized JSON is covered by
// the synth tests instead.
describe('terraform validate, local target', () => {
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesize(localEnvironment());
  }, PER_STACK_MS);

  test('synthesizes the state bootstrap and one stack per region', () => {
    expect(app.stacks).toEqual(expect.arrayContaining(['fleet-state', 'pink']));
  });

  test(
    'every stack is valid Terraform, offline',
    () => {
      for (const stack of app.stacks) {
        app.tf(stack, ['init', '-backend=false', '-input=false', '-no-color']);
        const result = JSON.parse(app.tf(stack, ['validate', '-json', '-no-color'])) as {
          valid: boolean;
          diagnostics: unknown[];
        };
        expect({ stack, ...result }).toEqual({
          stack,
          valid: true,
          error_count: 0,
          warning_count: 0,
          diagnostics: [],
          format_version: expect.any(String),
        });
      }
    },
    PER_STACK_MS * 4,
  );
});
