// Reading chains: the state the console shows, and earlier steps' results for a step.
import type { Job } from "bullmq";
import { prisma } from "../../db/client";
import { env } from "../../env";
import type { JobMeta } from "../types";
import { chainMetaOf } from "./chain-meta";
import { chainSnapshot, type ChainSnapshot } from "./chain-snapshot";

export async function findChain(id: string): Promise<ChainSnapshot | null> {
  const run = await prisma().chainRun.findFirst({ where: { id, prefix: env().REDIS_PREFIX }, include: { steps: true } });
  return run ? chainSnapshot(run) : null;
}

/**
 * What the completed earlier steps of this job's chain returned, by job name
 * (the booking chain's CreateCalcomBooking reads CreateAppointment's appointment id).
 * Empty outside a chain.
 */
export async function chainResults(ctx: { bullJob?: Job }): Promise<Record<string, unknown>> {
  const meta = chainMetaOf((ctx.bullJob?.data as { meta?: Partial<JobMeta> } | undefined)?.meta);
  if (!meta) return {};
  const steps = await prisma().chainStep.findMany({
    where: { chainId: meta.id, index: { lt: meta.step }, status: "COMPLETED" },
    orderBy: { index: "asc" },
    select: { jobName: true, result: true },
  });
  return Object.fromEntries(steps.map((s) => [s.jobName, s.result]));
}

/** The chain this job is a step of, or null. */
export function chainOfJob(job: Pick<Job, "data">): { id: string; step: number } | null {
  return chainMetaOf((job.data as { meta?: Partial<JobMeta> } | undefined)?.meta);
}
