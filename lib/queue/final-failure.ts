// What happens once when a job has failed for good, in this order:
// 1. the archive row (durable, what admins retry from), 2. the definition's failed()
// hook, 3. the alert digest — each at most once per job run, since the failure sweeper
// runs this again for a run whose archive mark is missing (its process died after the
// row, PostgreSQL was down, or its batch or chain could not count it). Each step survives
// the others failing (log, continue): a down SMTP server must not lose the archive row.
// The archive mark is set last, by markHandled, once the caller's batch and chain hooks ran too.
import type { Job } from "bullmq";
import { logger } from "../logger";
import { claimAlert, claimHook, markArchived, runOf } from "./archive-mark";
import { exceptionClass } from "./errors";
import { recordFailure } from "./failed-jobs";
import { failureAlerts } from "./failure-alerts";
import type { JobDefinition, JobMeta } from "./types";

export interface FinalFailureInput {
  job: Job;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definition?: JobDefinition<any, any>;
  /** The payload as stored (the dispatched input). */
  payload: unknown;
  error: Error;
  reason: string;
  /** Attempts over the job's whole life. */
  attempts: number;
  meta?: Partial<JobMeta>;
}

/** Records a final failure; true when its archive row is stored. A test's stand-in may return nothing (not stored). */
export type FinalFailureSink = (f: FinalFailureInput) => Promise<boolean | void>;

export async function handleFinalFailure(f: FinalFailureInput): Promise<boolean> {
  const { job, error } = f;
  const where = { jobId: job.id, queue: job.queueName, job: job.name };
  let uuid: string | undefined;
  try {
    const row = await recordFailure({
      connection: f.meta?.connection ?? "redis",
      queue: job.queueName,
      jobId: job.id!,
      jobName: job.name,
      payload: f.payload,
      error,
      attempts: f.attempts,
      failReason: f.reason,
      run: runOf(job),
    });
    uuid = row.uuid;
  } catch (archiveError) {
    logger.error({ err: archiveError, ...where }, "could not archive the failed job in PostgreSQL; the failure sweeper archives it later");
  }
  // The stack is in the archive row; the log line stays one short line per failure (storms).
  logger.error({ ...where, exception: exceptionClass(error), message: error.message, reason: f.reason, attempts: f.attempts, uuid }, "job failed for good");

  const hook = f.definition?.failed;
  if (hook) {
    try {
      if (await claimHook(job)) {
        const parsed = f.definition!.payload.safeParse(f.payload);
        const log = logger.child(where);
        await hook(error, { payload: parsed.success ? parsed.data : f.payload, jobId: job.id!, name: job.name, queue: job.queueName, attempts: f.attempts, logger: log });
      }
    } catch (hookError) {
      logger.error({ err: hookError, ...where }, "the job's failed() hook threw");
    }
  }

  try {
    if (!(await claimAlert(job))) return uuid !== undefined;
    await failureAlerts().notify({
      queue: job.queueName,
      jobName: job.name,
      jobId: job.id!,
      exceptionClass: exceptionClass(error),
      message: error.message,
      attempts: f.attempts,
      failedAt: Date.now(),
      uuid,
    });
  } catch (alertError) {
    logger.error({ err: alertError, ...where }, "could not queue the failure alert");
  }
  return uuid !== undefined;
}

/**
 * Sets the archive mark: this run's failure is handled — its row is stored and its batch or chain
 * counted it. Without the mark the failure sweeper handles the run again (every step is safe to
 * repeat), so a step that failed after the row is retried instead of being lost.
 */
export async function markHandled(job: Job, archived: boolean | void, counted: boolean): Promise<void> {
  if (archived !== true || !counted) return;
  await markArchived(job).catch((markError: unknown) =>
    logger.warn({ err: markError, jobId: job.id, queue: job.queueName }, "could not mark the failed job handled; the failure sweeper will"));
}

