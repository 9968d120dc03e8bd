// retryFailed(): re-enqueue archived failures with their original payload, as the
// seed's `queue:retry-failed`. Idempotent: a row is claimed in PostgreSQL before it
// is enqueued (only one caller wins), and the new job's id derives from the row, so
// even a crash between the two cannot enqueue it twice.
import type { JobsOptions } from "bullmq";
import { isConnectivityError } from "../connectivity-error";
import { prisma, type PrismaClient } from "../db/client";
import { env } from "../env";
import { toError } from "./errors";
import { failedJobWhere, type FailedJobFilter, type FailedJobRow } from "./failed-jobs";
import { BACKOFF_TYPE, prepareDispatch } from "./job-data";
import { queueDefaults } from "./queue-defaults";
import { getQueue } from "./queues";
import { jobRegistry } from "./registry";
import { retrySkipReason } from "./retry-rules";
import type { JobData } from "./types";

export interface RetryFailedOptions extends Omit<FailedJobFilter, "includeRetried"> {
  /** Report what would happen; change nothing. */
  dryRun?: boolean;
  /** Who asked (console user email, `cli:<os user>`). @defaultValue "system" */
  retriedBy?: string;
  onProgress?: (done: number, total: number) => void;
  db?: PrismaClient;
}

export interface RetryFailedResult {
  /** Rows re-enqueued (or that would be, on a dry run; jobId is null then). */
  retried: { uuid: string; jobId: string | null; queue: string; jobName: string }[];
  skipped: { uuid: string; reason: string }[];
}

export async function retryFailed(options: RetryFailedOptions = {}): Promise<RetryFailedResult> {
  const db = options.db ?? prisma();
  const rows = await db.failedJob.findMany({
    // By uuid, show a retried row so a double click reports "already_retried"; by filter, skip them (Laravel deletes them).
    where: failedJobWhere({ ...options, includeRetried: !!options.uuid }),
    orderBy: { failedAt: "desc" },
    take: options.uuid ? 1 : (options.limit ?? 10),
  });
  const result: RetryFailedResult = { retried: [], skipped: [] };
  let done = 0;
  for (const row of rows) {
    const outcome = await retryOne(row, options, db);
    if ("reason" in outcome) result.skipped.push({ uuid: row.uuid, reason: outcome.reason });
    else result.retried.push({ uuid: row.uuid, jobId: outcome.jobId, queue: row.queue, jobName: row.jobName });
    options.onProgress?.(++done, rows.length);
  }
  return result;
}

async function retryOne(row: FailedJobRow, options: RetryFailedOptions, db: PrismaClient): Promise<{ jobId: string | null } | { reason: string }> {
  const skip = retrySkipReason(row);
  if (skip) return { reason: skip };
  let enqueue: () => Promise<string>;
  try {
    enqueue = planEnqueue(row);
  } catch (error) {
    return { reason: `payload_invalid: ${toError(error).message}` };
  }
  if (options.dryRun) return { jobId: null };
  const claimed = await db.failedJob.updateMany({
    where: { uuid: row.uuid, prefix: env().REDIS_PREFIX, retriedAt: null },
    data: { retriedAt: new Date(), retriedBy: options.retriedBy ?? "system" },
  });
  if (claimed.count === 0) return { reason: "already_retried" };
  try {
    const jobId = await enqueue();
    await db.failedJob.update({ where: { uuid: row.uuid }, data: { retriedJobId: jobId } });
    return { jobId };
  } catch (error) {
    await db.failedJob.update({ where: { uuid: row.uuid }, data: { retriedAt: null, retriedBy: null } });
    // Redis down says nothing about this row: the caller must learn that nothing was retried (a route's 503),
    // not read it as a skipped row and move on past it.
    if (isConnectivityError(error)) throw error;
    return { reason: `enqueue_failed: ${toError(error).message}` };
  }
}

/** Builds the enqueue step; validates the payload against today's definition when this process knows it. */
function planEnqueue(row: FailedJobRow): () => Promise<string> {
  const jobId = `retry-${row.uuid}`;
  const meta = { retryOf: row.uuid, previousAttempts: row.attempts, connection: row.connection };
  const definition = jobRegistry.get(row.jobName);
  let data: JobData;
  let opts: JobsOptions;
  if (definition) {
    const prepared = prepareDispatch(definition, row.payload as never, { queue: row.queue, jobId, meta });
    data = prepared.data;
    opts = prepared.jobOptions;
  } else {
    data = { payload: row.payload, meta: { ...meta, dispatchedAt: Date.now() } };
    opts = { jobId, attempts: queueDefaults(row.queue).tries, backoff: { type: BACKOFF_TYPE } };
  }
  return async () => (await getQueue(row.queue).add(row.jobName, data, opts)).id!;
}
