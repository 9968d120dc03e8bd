// A batch's state as the seed's BillingBatchMonitor reports it, computed from the
// counters alone. Pure: the store reads one Redis hash (or one PostgreSQL row) and
// hands it here, so progress() never scans the batch's jobs.

/** The raw counters and timestamps kept per batch (Redis hash / `Batch` row). */
export interface BatchRecord {
  id: string;
  name: string;
  queue: string;
  connection: string;
  allowFailures: boolean;
  totalJobs: number;
  /** Jobs neither succeeded, failed for good nor skipped because the batch was cancelled. */
  pendingJobs: number;
  /** Jobs that failed for good (after all their attempts). */
  failedJobs: number;
  /** Jobs that skipped their work because the batch was cancelled before they ran. */
  cancelledJobs: number;
  createdAt: number;
  cancelledAt: number | null;
  finishedAt: number | null;
}

/** What the console and `findBatch()` return: the seed's monitor fields plus ours. */
export interface BatchSnapshot extends BatchRecord {
  /** Jobs that are done one way or another: totalJobs − pendingJobs. */
  processedJobs: number;
  /** totalJobs − pendingJobs − failedJobs − cancelledJobs. */
  succeededJobs: number;
  failedJobIds: string[];
  /** 0–100. */
  progress: number;
  finished: boolean;
  cancelled: boolean;
}

/**
 * Percent of the batch's jobs that are done (succeeded, failed for good or skipped).
 *
 * Laravel counts only successes (`totalJobs - pendingJobs` where a failure leaves
 * `pendingJobs` alone), so a batch that allows failures never reaches 100 %. Here a
 * job that failed for good is done too: the seed's monitor asks "how far is the
 * run", and the failures are reported beside it in `failedJobs`.
 * Rounded down, so 100 means every job is done (999 of 1,000 shows 99, not 100).
 */
export function progressOf(c: Pick<BatchRecord, "totalJobs" | "pendingJobs">): number {
  if (c.totalJobs <= 0) return 0;
  const done = Math.min(c.totalJobs, Math.max(0, c.totalJobs - c.pendingJobs));
  return Math.floor((done / c.totalJobs) * 100);
}

export function snapshotOf(record: BatchRecord, failedJobIds: string[] = []): BatchSnapshot {
  const processedJobs = Math.max(0, record.totalJobs - record.pendingJobs);
  return {
    ...record,
    processedJobs,
    succeededJobs: Math.max(0, processedJobs - record.failedJobs - record.cancelledJobs),
    failedJobIds,
    progress: progressOf(record),
    finished: record.finishedAt !== null,
    cancelled: record.cancelledAt !== null,
  };
}

/** Laravel's `allJobsHaveRanExactlyOnce`, in our counting: nothing is left to run. */
export function allJobsRan(c: Pick<BatchRecord, "totalJobs" | "pendingJobs">): boolean {
  return c.totalJobs > 0 && c.pendingJobs === 0;
}

/** Parses the Redis hash (strings) into a record; null when the hash is missing or foreign. */
export function recordFromHash(id: string, hash: Record<string, string>): BatchRecord | null {
  if (!hash.name || hash.createdAt === undefined) return null;
  const int = (v: string | undefined) => (v === undefined || v === "" ? 0 : Number.parseInt(v, 10) || 0);
  const time = (v: string | undefined) => (v === undefined || v === "" ? null : Number.parseInt(v, 10));
  return {
    id,
    name: hash.name,
    queue: hash.queue ?? "default",
    connection: hash.connection ?? "redis",
    allowFailures: hash.allowFailures === "1",
    totalJobs: int(hash.totalJobs),
    pendingJobs: int(hash.pendingJobs),
    failedJobs: int(hash.failedJobs),
    cancelledJobs: int(hash.cancelledJobs),
    createdAt: int(hash.createdAt),
    cancelledAt: time(hash.cancelledAt),
    finishedAt: time(hash.finishedAt),
  };
}
