// The runtime's error vocabulary. Kept in one file because each is a few lines
// and they are read together (which errors are permanent, which are signals).
import { UnrecoverableError } from "bullmq";
import { AppError, BadRequest } from "../http/app-error";

/** dispatch() refused the payload: nothing was enqueued. */
export class PayloadInvalid extends BadRequest {
  override readonly code = "payload_invalid";
}

/** A job name no definition is registered for (the workers did not import it). */
export class UnknownJob extends AppError {
  override readonly status = 500;
  override readonly code = "unknown_job";
}

/** An attempt ran past its timeout; its signal was aborted with this reason. */
export class JobTimeout extends Error {
  override readonly name = "JobTimeout";
  constructor(readonly timeoutMs: number) {
    super(`Job attempt exceeded its timeout of ${timeoutMs / 1000}s`);
  }
}

/** The job used its attempts up by releasing itself (Laravel's MaxAttemptsExceededException). */
export class MaxAttemptsExceeded extends Error {
  override readonly name = "MaxAttemptsExceeded";
}

/** Its `retryUntil` deadline passed before an attempt could start. */
export class RetryDeadlinePassed extends Error {
  override readonly name = "RetryDeadlinePassed";
}

/** A dispatch option names a connection the runtime cannot push to. */
export class ConnectionUnsupported extends BadRequest {
  override readonly code = "connection_unsupported";
}

/**
 * Wraps the real error of a job that failed for good, so BullMQ does not retry it.
 * Keeps the original message and stack so the failed set shows what happened.
 */
export class FinalFailure extends UnrecoverableError {
  constructor(readonly original: Error) {
    super(original.message);
    this.stack = original.stack;
  }
}

/** Errors that can never succeed on a retry. */
export function isPermanentError(error: unknown): boolean {
  return (
    error instanceof PayloadInvalid ||
    error instanceof UnknownJob ||
    error instanceof UnrecoverableError ||
    (error instanceof Error && error.name === "UnrecoverableError")
  );
}

/** Turns whatever was thrown into an Error (handlers may throw strings). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : `Non-error thrown: ${safeString(thrown)}`);
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The class name recorded in the failed-job archive (Laravel records the exception class). */
export function exceptionClass(error: Error): string {
  const ctor = error.constructor?.name;
  return ctor && ctor !== "Error" ? ctor : error.name || "Error";
}
