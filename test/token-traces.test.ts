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

  test('keeps the frames of a capture into an Error or under a formatter of its own', () => {
    function namedStep(): { own: string; library: string[] } {
      const own = new Error('traced');
      Error.captureStackTrace(own, namedStep);
      // As libraries that ask who called them do: their own formatter, a plain object.
      const previous = Error.prepareStackTrace;
      Error.prepareStackTrace = (_target, frames) => frames;
      const holder: { stack?: NodeJS.CallSite[] } = {};
      Error.captureStackTrace(holder);
      // The stack is formatted when first read, so it is read before the formatter goes.
      const library = (holder.stack ?? []).map((frame) => frame.getFunctionName() ?? '');
      Error.prepareStackTrace = previous;
      return { own: own.stack ?? '', library };
    }
    const { own, library } = withoutTokenTraces(namedStep);
    expect(own.split('\n')[0]).toBe('Error: traced');
    expect(own).not.toContain('at namedStep');
    expect(own.split('\n').length).toBeGreaterThan(1);
    expect(library[0]).toBe('namedStep');
  });

  test('puts the previous formatter and capture back, even when the task throws', () => {
    const before = Error.prepareStackTrace;
    const captureBefore = Error.captureStackTrace;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(Error.prepareStackTrace).toBe(before);
    expect(Error.captureStackTrace).toBe(captureBefore);
    expect(lazyStack().length).toBeGreaterThan(0);
  });
});
