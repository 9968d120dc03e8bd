// What the job runtime calls around every attempt of a job that belongs to a batch
// (meta.batchId). Each step is one Lua round trip and idempotent per job id, so a
// job re-run after its worker died mid-way changes no counter twice.
import { logger } from "../../logger";
import { persistBatchQuietly } from "./batch-history";
import { beginJob, moveFailedToPending, recordOutcome, type JobOutcome, type RecordResult } from "./batch-store";
import { BatchConflict } from "./errors";
import { runDueCallbacks } from "./run-callbacks";

export type BeforeAttempt = { skip: string } | undefined;

/**
 * Whether each batch was cancelled, as this process last heard it: every outcome
 * recorded here refreshes it for free (the record script returns the flag), so a
 * busy worker needs no extra round trip before a job. An entry older than
 * CANCEL_CACHE_MS is not trusted.
 */
const CANCEL_CACHE_MS = 200;
const cancelCache = new Map<string, { cancelled: boolean; at: number }>();

function remember(batchId: string, cancelled: boolean): void {
  if (cancelCache.size > 10_000) cancelCache.clear(); // a worker that saw very many batches: start over
  cancelCache.set(batchId, { cancelled, at: Date.now() });
}

/** The cancelling process knows at once (other workers learn at their next outcome or within CANCEL_CACHE_MS). */
export function noteCancelled(batchId: string): void {
  remember(batchId, true);
}

/** A normal attempt (first, or a retry after a failed one); not a re-run after a crash or release. */
export function isFreshAttempt(job: { attemptsStarted?: number; attemptsMade: number }): boolean {
  return (job.attemptsStarted ?? 0) <= job.attemptsMade + 1;
}

/**
 * Before the handler: a job of a cancelled batch skips its work (counted as cancelled);
 * a job whose outcome is already recorded (its worker died after recording) skips too;
 * a job the batch counts as failed is being retried from outside (BullMQ's retry), so it
 * goes back to pending first. A fresh attempt of a batch this process knows is running
 * needs no round trip at all (the hot path).
 */
export async function beforeBatchAttempt(batchId: string, jobId: string, fresh = false): Promise<BeforeAttempt> {
  if (fresh) {
    const known = cancelCache.get(batchId);
    if (known && !known.cancelled && Date.now() - known.at < CANCEL_CACHE_MS) return undefined;
  }
  const begin = await beginJob(batchId, jobId);
  if (!begin) {
    logger.warn({ batchId, jobId }, "batch job runs but its batch is gone from Redis; running it without bookkeeping");
    return undefined;
  }
  remember(batchId, begin.cancelled);
  if (begin.state === "") return undefined; // not one of the batch's jobs (e.g. re-enqueued under a new id)
  if (begin.state === "p") {
    if (!begin.cancelled) return undefined;
    await settle(batchId, jobId, "c");
    return { skip: "batch_cancelled" };
  }
  if (begin.state === "f") {
    try {
      await moveFailedToPending(batchId, [jobId]);
      return undefined;
    } catch (error) {
      if (error instanceof BatchConflict) return { skip: "batch_cancelled" };
      throw error;
    }
  }
  // ok | c: recorded before; finish whatever that run left undone (its callbacks).
  await settle(batchId, jobId, begin.state as JobOutcome);
  return { skip: "batch_outcome_already_recorded" };
}

export async function afterBatchJobCompleted(batchId: string, jobId: string): Promise<void> {
  await settle(batchId, jobId, "ok");
}

export async function afterBatchJobFailed(batchId: string, jobId: string, error: Error): Promise<void> {
  await settle(batchId, jobId, "f", error.message);
}

// Copies to PostgreSQL on failures at most this often per batch (a storm of failures
// would otherwise write once per job); the finish and every callback always copy.
const FAILURE_PERSIST_INTERVAL_MS = 1000;
const lastFailurePersist = new Map<string, number>();

async function settle(batchId: string, jobId: string, outcome: JobOutcome, errorMessage = ""): Promise<RecordResult> {
  const result = await recordOutcome(batchId, jobId, outcome, errorMessage);
  if (result.status === "missing") {
    logger.warn({ batchId, jobId }, "batch is gone from Redis; outcome not counted");
    return result;
  }
  const finished = result.pending === 0;
  if (finished) cancelCache.delete(batchId);
  else remember(batchId, result.cancelled);
  if (result.due.length) await runDueCallbacks(batchId, result.due, jobId);
  const failedNow = result.status === "recorded" && outcome === "f" && throttleFailure(batchId);
  if (finished || failedNow || result.due.length) await persistBatchQuietly(batchId);
  if (finished) lastFailurePersist.delete(batchId);
  return result;
}

function throttleFailure(batchId: string): boolean {
  const now = Date.now();
  if (now - (lastFailurePersist.get(batchId) ?? 0) < FAILURE_PERSIST_INTERVAL_MS) return false;
  lastFailurePersist.set(batchId, now);
  return true;
}
