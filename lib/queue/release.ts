// Signals thrown inside an attempt that are not failures: a middleware postponing
// the job (no attempt used) or a handler releasing itself (an attempt used).
// Plus the delay hint a middleware can attach to a real failure.

export class JobReleased extends Error {
  override readonly name = "JobReleased";
  constructor(
    readonly delayMs: number,
    readonly reason: string,
    /** Handler releases count toward `tries` (Laravel); middleware postponements do not. */
    readonly countsAsAttempt: boolean,
  ) {
    super(`released for ${delayMs} ms: ${reason}`);
  }
}

const RETRY_DELAY = Symbol.for("switchyard.retryDelayMs");

/** Marks a failure so the next attempt waits `delayMs` instead of the definition's backoff. */
export function withRetryDelay<E extends Error>(error: E, delayMs: number): E {
  (error as unknown as Record<symbol, number>)[RETRY_DELAY] = delayMs;
  return error;
}

export function retryDelayOf(error: unknown): number | undefined {
  if (!error || typeof error !== "object") return undefined;
  const value = (error as Record<symbol, unknown>)[RETRY_DELAY];
  return typeof value === "number" ? value : undefined;
}
