/**
 * cdktf records where every token was made: each reference, each lazy value, captures a full
 * stack trace (with no depth limit) and formats it into text at once. It reads that text only to
 * explain a token it cannot resolve. In a CPU profile (`node --cpu-prof`) of the compiled app
 * synthesizing the benchmark's 50 generated regions, formatting those traces took about a sixth
 * of the time. While `task` runs, the traces cdktf asks for come back empty; those of real
 * errors are formatted as ever.
 */
export function withoutTokenTraces<T>(task: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    // cdktf captures into a plain `{ stack }` object, never into an Error.
    if (!(error instanceof Error)) return '';
    if (previous !== undefined) return previous(error, frames);
    const head = `${error.name}${error.message ? `: ${error.message}` : ''}`;
    return [head, ...frames.map((frame) => `    at ${String(frame)}`)].join('\n');
  };
  try {
    return task();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
