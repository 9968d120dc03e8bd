// Batches by state for the Prometheus exposition, from the batch archive in
// PostgreSQL (model Batch, owned by the batches engineer), this deployment only.
import { prisma, type PrismaClient } from "../db/client";
import { env } from "../env";

export type BatchState = "pending" | "finished" | "failed" | "cancelled";
export type BatchCounts = Record<BatchState, number>;

/** Disjoint states: cancelled wins; a finished batch with failed jobs counts as failed. One query. */
export async function countBatches(db: Pick<PrismaClient, "$queryRaw"> = prisma()): Promise<BatchCounts> {
  const prefix = env().REDIS_PREFIX;
  const [row] = await db.$queryRaw<{ pending: bigint; finished: bigint; failed: bigint; cancelled: bigint }[]>`
    SELECT
      count(*) FILTER (WHERE "cancelledAt" IS NULL AND "finishedAt" IS NULL) AS pending,
      count(*) FILTER (WHERE "cancelledAt" IS NULL AND "finishedAt" IS NOT NULL AND "failedJobs" = 0) AS finished,
      count(*) FILTER (WHERE "cancelledAt" IS NULL AND "finishedAt" IS NOT NULL AND "failedJobs" > 0) AS failed,
      count(*) FILTER (WHERE "cancelledAt" IS NOT NULL) AS cancelled
    FROM "Batch" WHERE "prefix" = ${prefix}`;
  return { pending: Number(row.pending), finished: Number(row.finished), failed: Number(row.failed), cancelled: Number(row.cancelled) };
}

/** Counts may be this old: a scrape every 15 s needs no fresher batch totals than that. */
export const BATCH_COUNTS_MAX_AGE_MS = 10_000;

let cached: { at: number; counts: BatchCounts; prefix: string } | undefined;
let refreshing: Promise<BatchCounts> | undefined;

function refresh(): Promise<BatchCounts> {
  const prefix = env().REDIS_PREFIX;
  refreshing ??= countBatches()
    .then((counts) => {
      cached = { at: Date.now(), counts, prefix };
      return counts;
    })
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

/**
 * Stale-while-revalidate: the last counts at once (refreshed in the background when older than
 * BATCH_COUNTS_MAX_AGE_MS), so a scrape never waits on PostgreSQL except the very first.
 */
export async function recentBatchCounts(now = Date.now()): Promise<BatchCounts> {
  if (!cached || cached.prefix !== env().REDIS_PREFIX) return refresh();
  if (now - cached.at > BATCH_COUNTS_MAX_AGE_MS) refresh().catch(() => {});
  return cached.counts;
}
