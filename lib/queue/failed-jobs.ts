// The failed-job archive in PostgreSQL (the seed's `failed_jobs`, driver database-uuids).
// Rows are scoped by REDIS_PREFIX: one database may serve several deployments.
import { env } from "../env";
import { prisma, type PrismaClient } from "../db/client";
import type { FailedJob, Prisma } from "../db/generated/client";
import { errorGroupOf } from "../db/queries/error-group";
import { exceptionClass } from "./errors";

export type FailedJobRow = FailedJob;

export interface FailureRecord {
  connection: string;
  queue: string;
  jobId: string;
  jobName: string;
  payload: unknown;
  error: Error;
  attempts: number;
  failReason: string;
  /** @defaultValue env REDIS_PREFIX */
  prefix?: string;
  failedAt?: Date;
  /**
   * The job run this failure ended (archive-mark.ts runOf). With it, archiving the same run again —
   * the failure sweeper after a process died between the row and the mark — returns the row already
   * there instead of adding a second one, which a bulk retry would otherwise enqueue twice.
   */
  run?: string;
}

// Bounded so one pathological error (a 5 MB message) cannot bloat the table.
const MAX_MESSAGE = 4_000;
const MAX_STACK = 16_000;

/** Archives a failure, grouped at once: the Failed jobs screen groups by the stored errorGroup. */
export async function recordFailure(record: FailureRecord, db: PrismaClient = prisma()): Promise<FailedJobRow> {
  const data = failureRow(record);
  if (record.run === undefined) return db.failedJob.create({ data });
  const [created] = await db.failedJob.createManyAndReturn({ data: [data], skipDuplicates: true });
  if (created) return created;
  const { prefix, queue, jobId, run } = data;
  return db.failedJob.findFirstOrThrow({ where: { prefix, queue, jobId, run } });
}

function failureRow(record: FailureRecord): Prisma.FailedJobCreateInput {
  const message = (record.error.message || "(no message)").slice(0, MAX_MESSAGE);
  return {
    prefix: record.prefix ?? env().REDIS_PREFIX,
    connection: record.connection,
    queue: record.queue,
    jobId: record.jobId,
    jobName: record.jobName,
    payload: (record.payload ?? null) as Prisma.InputJsonValue,
    exceptionClass: exceptionClass(record.error),
    message,
    errorGroup: errorGroupOf(message),
    stack: record.error.stack?.slice(0, MAX_STACK) ?? null,
    attempts: record.attempts,
    failReason: record.failReason,
    failedAt: record.failedAt ?? new Date(),
    run: record.run ?? null,
  };
}

export interface FailedJobFilter {
  uuid?: string;
  queue?: string;
  jobName?: string;
  exceptionClass?: string;
  /** Only rows that failed at or after this moment. */
  since?: Date;
  /** Include rows already retried. @defaultValue true */
  includeRetried?: boolean;
  /** Newest first, at most this many. */
  limit?: number;
}

export function failedJobWhere(filter: FailedJobFilter, prefix: string = env().REDIS_PREFIX): Prisma.FailedJobWhereInput {
  return {
    prefix,
    ...(filter.uuid ? { uuid: filter.uuid } : {}),
    ...(filter.queue ? { queue: filter.queue } : {}),
    ...(filter.jobName ? { jobName: filter.jobName } : {}),
    ...(filter.exceptionClass ? { exceptionClass: filter.exceptionClass } : {}),
    ...(filter.since ? { failedAt: { gte: filter.since } } : {}),
    ...(filter.includeRetried === false ? { retriedAt: null } : {}),
  };
}

export async function findFailedJobs(filter: FailedJobFilter = {}, db: PrismaClient = prisma()): Promise<FailedJobRow[]> {
  return db.failedJob.findMany({
    where: failedJobWhere(filter),
    orderBy: { failedAt: "desc" },
    ...(filter.limit ? { take: filter.limit } : {}),
  });
}

/**
 * A job about to run again in place (BullMQ's job.retry, same id: the Job screen): its archived
 * failures stop waiting for a retry, so the Failed jobs screen does not enqueue a second copy.
 * Claimed before the retry, as retryFailed claims its row; returns the rows claimed.
 */
export async function claimRetryInPlace(queue: string, jobId: string, retriedBy: string, db: PrismaClient = prisma()): Promise<string[]> {
  const rows = await db.failedJob.updateManyAndReturn({
    where: { prefix: env().REDIS_PREFIX, queue, jobId, retriedAt: null },
    data: { retriedAt: new Date(), retriedBy, retriedJobId: jobId },
    select: { uuid: true },
  });
  return rows.map((r) => r.uuid);
}

/** The retry the claim was for did not happen: the rows wait for a retry again. */
export async function releaseRetryClaim(uuids: string[], db: PrismaClient = prisma()): Promise<void> {
  if (!uuids.length) return;
  await db.failedJob.updateMany({ where: { uuid: { in: uuids } }, data: { retriedAt: null, retriedBy: null, retriedJobId: null } });
}

/** `queue:forget {uuid}`: deletes one archived failure; false when there is none. */
export async function forgetFailedJob(uuid: string, db: Pick<PrismaClient, "failedJob"> = prisma()): Promise<boolean> {
  const { count } = await db.failedJob.deleteMany({ where: { uuid, prefix: env().REDIS_PREFIX } });
  return count > 0;
}

export interface FlushOptions {
  queue?: string;
  olderThanHours?: number;
}

/** Rows per delete statement of a flush, and the pause between two: a 100k-row flush is many short deletes. */
export const FLUSH_CHUNK = 1_000;
const FLUSH_PAUSE_MS = 20;

/**
 * The rows a flush deletes, fixed when it starts: failures archived while it runs (failedAt after `now`)
 * are not swept along with what the admin confirmed.
 */
export function flushWhere(options: FlushOptions, now: Date = new Date()): Prisma.FailedJobWhereInput {
  const cutoff = options.olderThanHours === undefined ? null : new Date(now.getTime() - options.olderThanHours * 3_600_000);
  return {
    prefix: env().REDIS_PREFIX,
    ...(options.queue ? { queue: options.queue } : {}),
    failedAt: cutoff ? { lt: cutoff } : { lte: now },
  };
}

type FailedJobDb = Pick<PrismaClient, "failedJob">;

/** Deletes at most `limit` of the rows `where` matches; returns how many. */
export async function deleteFlushChunk(where: Prisma.FailedJobWhereInput, limit: number, db: FailedJobDb = prisma()): Promise<number> {
  if (limit <= 0) return 0;
  const rows = await db.failedJob.findMany({ where, select: { uuid: true }, take: limit });
  if (!rows.length) return 0;
  const { count } = await db.failedJob.deleteMany({ where: { uuid: { in: rows.map((r) => r.uuid) } } });
  return count;
}

/** Deletes the rows `where` matches, at most `max`, a chunk at a time with a short pause between chunks. */
export async function deleteInChunks(where: Prisma.FailedJobWhereInput, max = Infinity, db: FailedJobDb = prisma()): Promise<number> {
  let deleted = 0;
  for (;;) {
    const n = await deleteFlushChunk(where, Math.min(FLUSH_CHUNK, max - deleted), db);
    deleted += n;
    if (n === 0 || deleted >= max) return deleted;
    await new Promise((r) => setTimeout(r, FLUSH_PAUSE_MS));
  }
}

/** `queue:flush [--queue] [--hours]`: deletes archived failures, optionally only those older than `olderThanHours`. */
export async function flushFailedJobs(options: FlushOptions = {}, db: PrismaClient = prisma()): Promise<number> {
  return deleteInChunks(flushWhere(options), Infinity, db);
}
