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

/**
 * After a success: returns as soon as the outcome is on the wire (record-batcher.ts), not
 * when Redis has answered — waiting for the answer held each job's slot one more round trip
 * (bench:batch-ab: processing at 58 % of plain). What the answer brings (the batch finished,
 * callbacks to run, the PostgreSQL copy) is done in the background; a crash there leaves
 * claimed callbacks to the sweeper (callback-sweeper.ts). When "on the wire" cannot be
 * promised, this waits for the answer as before.
 */
export async function afterBatchJobCompleted(batchId: string, jobId: string): Promise<void> {
  let onSent!: () => void;
  const sent = new Promise<"sent">((resolve) => (onSent = () => resolve("sent")));
  const done = settle(batchId, jobId, "ok", "", onSent);
  if ((await Promise.race([sent, done.then(() => "done" as const)])) === "sent") inBackground(done, batchId, jobId);
}

/** Records answered after their job went on: awaited by drainBatchRecords() at shutdown. */
const background = new Set<Promise<unknown>>();

function inBackground(done: Promise<RecordResult>, batchId: string, jobId: string): void {
  const tracked = done.catch(async (error) => {
    // The job is already reported completed: record again (idempotent per job id) rather than leave it pending.
    logger.warn({ err: error, batchId, jobId }, "recording a batch job's success failed after it went on; recording it again");
    await settle(batchId, jobId, "ok").catch((again) =>
      logger.error({ err: again, batchId, jobId }, "could not record a batch job's success: the batch may count it as pending"));
  }).finally(() => background.delete(tracked));
  background.add(tracked);
}

/** Waits for the background part of recent records (their callbacks, their PostgreSQL copy): call before closing Redis. */
export async function drainBatchRecords(): Promise<void> {
  while (background.size) await Promise.allSettled([...background]);
}

export async function afterBatchJobFailed(batchId: string, jobId: string, error: Error): Promise<void> {
  await settle(batchId, jobId, "f", error.message);
}

// Copies to PostgreSQL on failures at most this often per batch (a storm of failures
// would otherwise write once per job); the finish and every callback always copy.
const FAILURE_PERSIST_INTERVAL_MS = 1000;
const lastFailurePersist = new Map<string, number>();

async function settle(batchId: string, jobId: string, outcome: JobOutcome, errorMessage = "", onSent?: () => void): Promise<RecordResult> {
  const result = await recordOutcome(batchId, jobId, outcome, errorMessage, Date.now(), onSent);
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
