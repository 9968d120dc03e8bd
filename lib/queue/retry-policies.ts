// Ready `shouldRetry` policies with the seed's rules (RetryableJob::shouldRetry).
import { ZodError } from "zod";
import { AppError } from "../http/app-error";

const VALIDATION_NAMES = new Set(["ZodError", "ValidationError", "ValidationException", "PayloadInvalid"]);
const UNAVAILABLE_NAMES = new Set(["ServiceUnavailable", "ServiceUnavailableException"]);

/** Validation errors can never succeed on a retry: zod errors, 400/422 AppErrors, errors named ValidationError. */
export function isValidationError(error: Error): boolean {
  if (error instanceof ZodError || VALIDATION_NAMES.has(error.name) || VALIDATION_NAMES.has(error.constructor?.name)) return true;
  return error instanceof AppError && (error.status === 400 || error.status === 422);
}

/** A dependency said it is down: AppError 503 or an error named ServiceUnavailable(Exception). */
export function isServiceUnavailable(error: Error): boolean {
  if (UNAVAILABLE_NAMES.has(error.name) || UNAVAILABLE_NAMES.has(error.constructor?.name)) return true;
  return error instanceof AppError && error.status === 503;
}

export type ShouldRetry = (error: Error, attempt: number) => boolean;

export const retryPolicies = {
  /** Retry everything (the default). */
  always: (() => true) as ShouldRetry,
  /** Validation errors fail at once. */
  failFastOnValidation: ((error) => !isValidationError(error)) as ShouldRetry,
  /** A service that is down is tried at most `maxAttempts` times in all. */
  serviceUnavailableAtMost:
    (maxAttempts: number): ShouldRetry =>
    (error, attempt) =>
      !isServiceUnavailable(error) || attempt < maxAttempts,
  /** The seed's RetryableJob: validation fails at once, ServiceUnavailable at most 2 attempts. */
  seed: ((error, attempt) => !isValidationError(error) && (!isServiceUnavailable(error) || attempt < 2)) as ShouldRetry,
  /** Retry only when every policy agrees. */
  all:
    (...policies: ShouldRetry[]): ShouldRetry =>
    (error, attempt) =>
      policies.every((p) => p(error, attempt)),
};
