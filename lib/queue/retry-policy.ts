// What happens after a failed attempt: retry after a delay, or fail for good.
// Pure; the processor gathers the facts and acts on the decision.

export interface FailureFacts {
  /** The attempt that just failed (1-based; failed attempts + self-releases so far, plus this one). */
  attempt: number;
  /** Allowed attempts; 0 = unlimited. Ignored when `retryUntil` is set (as in Laravel). */
  tries: number;
  /** Unhandled exceptions so far, including this one. */
  exceptions: number;
  maxExceptions?: number;
  /** Epoch ms after which no attempt starts. */
  retryUntil?: number;
  now: number;
  /** The error can never succeed on retry (invalid payload, unknown job, UnrecoverableError). */
  permanent: boolean;
  /** The definition's `shouldRetry(error, attempt)` verdict. */
  shouldRetry: boolean;
  /** Delay before the next attempt (backoff, or a middleware's hint). */
  delayMs: number;
}

export type FailReason =
  | "permanent"
  | "should_retry_declined"
  | "max_exceptions"
  | "retry_until_passed"
  | "max_tries";

export type FailureDecision = { action: "retry"; delayMs: number } | { action: "fail"; reason: FailReason };

export function decideAfterFailure(f: FailureFacts): FailureDecision {
  if (f.permanent) return { action: "fail", reason: "permanent" };
  if (!f.shouldRetry) return { action: "fail", reason: "should_retry_declined" };
  if (f.maxExceptions !== undefined && f.maxExceptions > 0 && f.exceptions >= f.maxExceptions) {
    return { action: "fail", reason: "max_exceptions" };
  }
  const delayMs = Math.max(0, f.delayMs);
  if (f.retryUntil !== undefined) {
    // A retry that could only start after the deadline would be refused then; fail now instead.
    return f.now + delayMs >= f.retryUntil ? { action: "fail", reason: "retry_until_passed" } : { action: "retry", delayMs };
  }
  if (f.tries > 0 && f.attempt >= f.tries) return { action: "fail", reason: "max_tries" };
  return { action: "retry", delayMs };
}

/** Whether a self-release (`ctx.release`) may happen, or the job has used up its attempts. */
export function decideAfterRelease(f: Pick<FailureFacts, "attempt" | "tries" | "retryUntil" | "now" | "delayMs">): FailureDecision {
  if (f.retryUntil !== undefined) {
    return f.now + f.delayMs >= f.retryUntil ? { action: "fail", reason: "retry_until_passed" } : { action: "retry", delayMs: f.delayMs };
  }
  if (f.tries > 0 && f.attempt >= f.tries) return { action: "fail", reason: "max_tries" };
  return { action: "retry", delayMs: f.delayMs };
}

/** Whether an attempt may start at all (a deadline passed while the job waited). */
export function mayStart(retryUntil: number | undefined, now: number): boolean {
  return retryUntil === undefined || now < retryUntil;
}
