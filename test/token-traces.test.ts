import { Lazy } from 'cdktf';
import { withoutTokenTraces } from '../modules/token-traces';

/** A lazy token exposes its creation stack through the token map. */
function lazyStack(): string[] {
  const lazy = Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] };
  return lazy.creationStack;
}

/** Counts the captures that reach V8 while `task` runs, whatever wraps the capture inside. */
function capturesDuring(task: () => void): number {
  const native = Error.captureStackTrace;
  let count = 0;
  Error.captureStackTrace = (target, below) => {
    count += 1;
    native.call(Error, target, below);
  };
  try {
    task();
  } finally {
    Error.captureStackTrace = native;
  }
  return count;
}

describe('withoutTokenTraces', () => {
  test('leaves the stacks cdktf records for its tokens empty while the task runs', () => {
    expect(lazyStack().length).toBeGreaterThan(0);
    expect(withoutTokenTraces(lazyStack)).toEqual([]);
  });

  test('skips capturing the traces of tokens, rather than capturing and dropping them', () => {
    expect(capturesDuring(lazyStack)).toBe(1);
    expect(capturesDuring(() => withoutTokenTraces(lazyStack))).toBe(0);
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

  test('keeps the frames of a capture into an Error, into any other object, or under a formatter of its own', () => {
    function namedStep(): { own: string; plain: string; library: string[] } {
      const own = new Error('traced');
      Error.captureStackTrace(own, namedStep);
      const holder: { stack?: string } = {};
      Error.captureStackTrace(holder);
      // As libraries that ask who called them do: their own formatter, a token-like object.
      const previous = Error.prepareStackTrace;
      Error.prepareStackTrace = (_target, frames) => frames;
      const asked: { stack: string | NodeJS.CallSite[] } = { stack: '' };
      Error.captureStackTrace(asked);
      // The stack is formatted when first read, so it is read before the formatter goes.
      const frames = asked.stack as NodeJS.CallSite[];
      const library = frames.map((frame) => frame.getFunctionName() ?? '');
      Error.prepareStackTrace = previous;
      return { own: own.stack ?? '', plain: holder.stack ?? '', library };
    }
    const { own, plain, library } = withoutTokenTraces(namedStep);
    expect(own.split('\n')[0]).toBe('Error: traced');
    expect(own).not.toContain('at namedStep');
    expect(own.split('\n').length).toBeGreaterThan(1);
    expect(plain).toContain('at namedStep');
    expect(library[0]).toBe('namedStep');
  });

  test('puts the previous capture back, even when the task throws', () => {
    const before = Error.captureStackTrace;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(Error.captureStackTrace).toBe(before);
    expect(lazyStack().length).toBeGreaterThan(0);
  });
});
