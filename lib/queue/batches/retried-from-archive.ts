// A batch job that failed for good and is retried from the failed-job archive
// (retryFailed, the Failed jobs screen) comes back under a new job id and without
// its batchId. This finds its batch again, so the batch's counters move back
// (failed −1, pending +1) and count the re-run — as a batch retry would.
import { prisma } from "../../db/client";
import { env } from "../../env";
import { persistBatchQuietly } from "./batch-history";
import { isJobIdOfBatch } from "./batch-ids";
import { adoptRetriedJob } from "./batch-store";

/** The batch id the re-run now counts toward, or null (not a batch job, or the batch cannot take it back). */
export async function batchOfRetriedJob(failedJobUuid: string, newJobId: string): Promise<string | null> {
  const prefix = env().REDIS_PREFIX;
  const row = await prisma().failedJob.findFirst({ where: { uuid: failedJobUuid, prefix }, select: { jobId: true } });
  if (!row) return null;
  // The stored batch lists its failed ids, and its jobs' ids begin with its own.
  const batch = await prisma().batch.findFirst({ where: { prefix, failedJobIds: { has: row.jobId } }, select: { id: true } });
  if (!batch || !isJobIdOfBatch(batch.id, row.jobId)) return null;
  if (!(await adoptRetriedJob(batch.id, row.jobId, newJobId))) return null;
  await persistBatchQuietly(batch.id);
  return batch.id;
}
