// Batches by state for the Prometheus exposition, from the batch archive in
// PostgreSQL (model Batch, owned by the batches engineer), this deployment only.
import { prisma, type PrismaClient } from "../db/client";
import { env } from "../env";

export type BatchState = "pending" | "finished" | "failed" | "cancelled";

/** Disjoint states: cancelled wins; a finished batch with failed jobs counts as failed. */
export async function countBatches(db: Pick<PrismaClient, "batch"> = prisma()): Promise<Record<BatchState, number>> {
  const prefix = env().REDIS_PREFIX;
  const [pending, finished, failed, cancelled] = await Promise.all([
    db.batch.count({ where: { prefix, finishedAt: null, cancelledAt: null } }),
    db.batch.count({ where: { prefix, finishedAt: { not: null }, cancelledAt: null, failedJobs: 0 } }),
    db.batch.count({ where: { prefix, finishedAt: { not: null }, cancelledAt: null, failedJobs: { gt: 0 } } }),
    db.batch.count({ where: { prefix, cancelledAt: { not: null } } }),
  ]);
  return { pending, finished, failed, cancelled };
}
