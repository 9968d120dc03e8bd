// The console's actions on a batch: cancel it, retry its failed jobs.
import type { Job } from "bullmq";
import { prisma } from "../../db/client";
import { env } from "../../env";
import { logger } from "../../logger";
import { toError } from "../errors";
import { getQueue } from "../queues";
import { findBatchRow, persistBatch } from "./batch-history";
import { noteCancelled } from "./batch-lifecycle";
import { cancelBatchState, moveFailedToPending, readBatchState, recordOutcome } from "./batch-store";
import { BatchConflict, BatchNotFound } from "./errors";
import { runDueCallbacks } from "./run-callbacks";

/**
 * Marks the batch cancelled: jobs not started yet skip their work. Returns false when it already was.
 * A batch with nothing pending (created empty, or its adds taken back) finishes right here, and this
 * process runs its `finally` before returning — no job would ever come to do it.
 */
export async function cancelBatch(id: string): Promise<boolean> {
  try {
    const { changed, due, claimer } = await cancelBatchState(id);
    noteCancelled(id);
    if (due.length) await runDueCallbacks(id, due, claimer);
    await persistBatch(id);
    return changed;
  } catch (error) {
    throw await explainMissing(id, error);
  }
}

export interface RetryBatchResult {
  /** Job ids put back on their queue (counters moved back: failedJobs −n, pendingJobs +n). */
  retried: string[];
  /** Failed jobs that could not be re-run (their BullMQ job is gone); they stay counted as failed. */
  notRetried: { jobId: string; reason: string }[];
}

/**
 * Retries the batch's failed jobs (all, or `jobIds`): the counters move back first,
 * then each BullMQ job is retried in place (same id, attempts reset), and its row
 * in the failed-job archive is marked retried so it is not retried twice from there.
 */
export async function retryBatch(id: string, options: { jobIds?: string[]; retriedBy?: string } = {}): Promise<RetryBatchResult> {
  let moved: string[];
  try {
    moved = await moveFailedToPending(id, options.jobIds ?? []);
  } catch (error) {
    throw await explainMissing(id, error);
  }
  const stored = await readBatchState(id);
  const queues = stored?.queues ?? [];
  const result: RetryBatchResult = { retried: [], notRetried: [] };
  for (const jobId of moved) {
    const reason = await retryInPlace(jobId, queues).catch(retryRefused);
    if (reason === null) {
      result.retried.push(jobId);
      continue;
    }
    result.notRetried.push({ jobId, reason });
    // Put it back as failed, so the batch still adds up (and may finish).
    const back = await recordOutcome(id, jobId, "f", `retry impossible: ${reason}`);
    if (back.due.length) await runDueCallbacks(id, back.due, jobId);
  }
  if (result.retried.length) {
    await prisma().failedJob.updateMany({
      where: { prefix: env().REDIS_PREFIX, jobId: { in: result.retried }, retriedAt: null },
      data: { retriedAt: new Date(), retriedBy: options.retriedBy ?? "system", retriedJobId: null },
    }).catch((error) => logger.warn({ err: error, batchId: id }, "could not mark archived failures as retried"));
  }
  await persistBatch(id);
  return result;
}

/** How long a retry waits for a job the batch already counts as failed to reach BullMQ's failed set. */
const SETTLE_MS = 3_000;

/**
 * The batch records a failure in the attempt's hooks, just before BullMQ moves the job to
 * `failed` (lib/queue/batches/register-hooks.ts): a retry clicked in that moment finds the job
 * still active. Wait for it to settle rather than report it "not failed".
 */
async function settledState(job: Job): Promise<string> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const state = await job.getState();
    if (state !== "active" || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** null when retried; otherwise why not. */
async function retryInPlace(jobId: string, queues: string[]): Promise<string | null> {
  for (const name of queues) {
    const job = await getQueue(name).getJob(jobId);
    if (!job) continue;
    if ((await settledState(job)) !== "failed") return "job is not in the failed state";
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    return null;
  }
  return "job no longer in Redis (trimmed)";
}

/**
 * The job changed after its state was read (retried from the Job screen, removed) and BullMQ
 * refused, or Redis blipped. Every moved id is counted pending by now: one error must not end
 * the loop, or the rest stay pending for good and the batch never finishes. The job is put back
 * as failed; if Redis is really gone, that put-back throws and the request fails.
 */
const retryRefused = (error: unknown): string => `retry refused: ${toError(error).message}`;

/** A batch Redis has trimmed but PostgreSQL remembers can no longer be changed. */
async function explainMissing(id: string, error: unknown): Promise<unknown> {
  if (!(error instanceof BatchNotFound)) return error;
  const row = await findBatchRow(id);
  return row ? new BatchConflict(`Batch "${id}" is no longer live in Redis (trimmed); only its history remains`) : error;
}
