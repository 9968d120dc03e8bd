// Which archived failures may be retried — the seed's ProcessFailedJobs::shouldRetry. Pure.

/** Exception classes that will fail the same way again: retrying them only adds noise. */
export const PERMANENT_EXCEPTIONS = new Set(["ZodError", "ValidationError", "ValidationException", "PayloadInvalid", "UnknownJob"]);
/** The seed's limit: jobs with this many attempts are not retried again. */
export const MAX_LIFETIME_ATTEMPTS = 10;

export type RetrySkipReason = "already_retried" | "permanent_failure" | "too_many_attempts";

export interface RetryCandidate {
  exceptionClass: string;
  failReason: string;
  attempts: number;
  retriedAt: Date | null;
}

export function retrySkipReason(row: RetryCandidate): RetrySkipReason | null {
  if (row.retriedAt) return "already_retried";
  if (PERMANENT_EXCEPTIONS.has(row.exceptionClass) || row.failReason === "permanent") return "permanent_failure";
  if (row.attempts >= MAX_LIFETIME_ATTEMPTS) return "too_many_attempts";
  return null;
}
