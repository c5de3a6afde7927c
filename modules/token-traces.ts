/**
 * cdktf records where every token was made: each reference, each lazy value, captures a full
 * stack trace (with no depth limit) into a plain `{ stack: "" }` object and formats it into text
 * at once. It reads that text only to explain a token it cannot resolve. In a CPU profile
 * (`node --cpu-prof`) of the compiled app synthesizing the benchmark's 50 generated regions,
 * capturing and formatting those traces took about a third of the time. While `task` runs,
 * cdktf's capture into such an object is skipped, so its traces come back empty (and so does
 * the "object creation stack" of an unresolvable token's error); every other capture (an
 * Error's, any other object's, or one under a formatter a library installs) is left as it was.
 */
export function withoutTokenTraces<T>(task: () => T): T {
  const format = Error.prepareStackTrace;
  const previousCapture = Error.captureStackTrace;
  const capture: typeof Error.captureStackTrace = (target, below) => {
    // A library that installs a formatter of its own reads the frames, whatever it captures into.
    if (Error.prepareStackTrace === format && isTokenTrace(target)) return;
    // Without a frame to cut at, the trace starts at the caller, as the native one does.
    previousCapture.call(Error, target, below ?? capture);
  };
  Error.captureStackTrace = capture;
  try {
    return task();
  } finally {
    Error.captureStackTrace = previousCapture;
  }
}

/** The object cdktf captures a token's trace into: a plain `{ stack: "" }` and nothing else. */
function isTokenTrace(target: object): boolean {
  return (
    Object.getPrototypeOf(target) === Object.prototype &&
    (target as { stack?: unknown }).stack === '' &&
    Object.keys(target).length === 1
  );
}
