import { Lazy } from 'cdktf';
import { withoutTokenTraces } from '../modules/token-traces';

/** A lazy token exposes its creation stack through the token map. */
function lazyStack(): string[] {
  const lazy = Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] };
  return lazy.creationStack;
}

describe('withoutTokenTraces', () => {
  test('leaves the stacks cdktf records for its tokens empty while the task runs', () => {
    expect(lazyStack().length).toBeGreaterThan(0);
    expect(withoutTokenTraces(lazyStack)).toEqual([]);
  });

  test("keeps real errors' stack traces, with their message and frames", () => {
    function failingStep(): never {
      throw new Error('boom');
    }
    let stack = '';
    withoutTokenTraces(() => {
      try {
        failingStep();
      } catch (error) {
        stack = (error as Error).stack ?? '';
      }
    });
    expect(stack.split('\n')[0]).toBe('Error: boom');
    expect(stack).toContain('at failingStep');
  });

  test('puts the previous formatter back, even when the task throws', () => {
    const before = Error.prepareStackTrace;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(Error.prepareStackTrace).toBe(before);
    expect(lazyStack().length).toBeGreaterThan(0);
  });
});
