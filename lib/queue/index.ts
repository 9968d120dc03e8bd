// The job runtime's public API (see TEAM.md "The job-runtime contract" and docs/RUNTIME.md).
export { defineJob } from "./define-job";
export { dispatch, dispatchMany } from "./dispatch";
export { getQueue, closeQueues, runtimeRedis } from "./queues";
export { jobRegistry } from "./registry";
export { createJobProcessor, type JobProcessor, type ProcessorOptions, type InFlightAttempt } from "./processor";
export { createQueueWorker, runtimeBackoffStrategy, type QueueWorker, type QueueWorkerOptions } from "./queue-worker";
export { prepareDispatch, parsePayload, jobDataSchema, BACKOFF_TYPE, UNLIMITED_ATTEMPTS, type PreparedDispatch } from "./job-data";
export { queueDefaults } from "./queue-defaults";
export { backoffDelayMs, backoffSpecSchema, type BackoffSpec } from "./backoff";
export { decideAfterFailure, decideAfterRelease, type FailureDecision, type FailureFacts, type FailReason } from "./retry-policy";
export { retryPolicies, isValidationError, isServiceUnavailable, type ShouldRetry } from "./retry-policies";
export {
  PayloadInvalid, UnknownJob, JobTimeout, MaxAttemptsExceeded, RetryDeadlinePassed, ConnectionUnsupported, FinalFailure,
  isPermanentError, exceptionClass,
} from "./errors";
export { JobReleased, withRetryDelay } from "./release";
export { runPipeline } from "./middleware/pipeline";
export type { JobStartedEvent, JobFinishedEvent, JobStuckEvent, JobOutcome, ProcessorEvents } from "./events";
export { withoutOverlapping } from "./middleware/without-overlapping";
export { rateLimited } from "./middleware/rate-limited";
export { throttlesExceptions } from "./middleware/throttles-exceptions";
export { concurrencyLimit, perCompanyConcurrency, perUserConcurrency, TENANT_CONCURRENCY, type ConcurrencyLimitMiddleware } from "./middleware/concurrency-limit";
export { defineRateLimit, rateLimits, type RateLimitDefinition } from "./rate-limits";
export { once, forgetOnce } from "./once";
export { recordFailure, findFailedJobs, forgetFailedJob, flushFailedJobs, type FailedJobFilter, type FailedJobRow } from "./failed-jobs";
export { FailureAlerts, failureAlerts, configureFailureAlerts, type FailureAlertOptions } from "./failure-alerts";
export { handleFinalFailure, type FinalFailureInput } from "./final-failure";
export { registerAttemptHooks, type AttemptHooks, type AttemptInfo, type SkipAttempt } from "./attempt-hooks";
export { retryFailed, type RetryFailedOptions, type RetryFailedResult } from "./retry-failed";
export { fakeQueue, FakeQueueAssertion, type FakeQueue, type PushedJob } from "./fake-queue";
export type {
  JobDefinition, JobOptions, JobContext, MiddlewareContext, JobMiddleware, DispatchOptions, JobData, JobMeta, FailedContext,
} from "./types";
