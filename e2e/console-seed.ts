// Data for the console's e2e tests, written with the app's own libraries into
// the test environment `next start` serves (REDIS_PREFIX switchyard-test, database
// switchyard_test). Each test seeds under a random token and removes what it made.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { prisma } from "../lib/db/client";
import { env } from "../lib/env";
import { createQueueWorker, defineJob, getQueue, recordFailure } from "../lib/queue";
import { batchJob, createBatch } from "../lib/queue/batches";

export const token = (label: string) => `${label}${randomUUID().replace(/-/g, "").slice(0, 10)}`;

const data = (payload: unknown) => ({ payload, meta: { dispatchedAt: Date.now() } });

export async function addJobs(queue: string, name: string, payloads: unknown[]): Promise<string[]> {
  const jobs = await getQueue(queue).addBulk(payloads.map((p) => ({ name, data: data(p) })));
  return jobs.map((j) => j.id!);
}

export async function removeJobs(queue: string, ids: string[]): Promise<void> {
  for (const id of ids) await getQueue(queue).remove(id).catch(() => 0);
}

/** Archived failures (FailedJob rows) with `message(i)`; returns their uuids. */
export async function archiveFailures(
  queue: string,
  jobName: string,
  count: number,
  message: (i: number) => string,
  options: { exceptionClass?: string; failReason?: string } = {},
): Promise<string[]> {
  const uuids: string[] = [];
  for (let i = 0; i < count; i++) {
    const error = Object.assign(new Error(message(i)), { name: options.exceptionClass ?? "Error" });
    const row = await recordFailure({
      connection: "redis", queue, jobId: `e2e-${randomUUID().slice(0, 8)}`, jobName, payload: { n: i }, error, attempts: 3,
      failReason: options.failReason ?? "max_tries", failedAt: new Date(Date.now() - i * 1000),
    });
    uuids.push(row.uuid);
  }
  return uuids;
}

export async function forgetFailures(uuids: string[]): Promise<void> {
  await prisma().failedJob.deleteMany({ where: { uuid: { in: uuids }, prefix: env().REDIS_PREFIX } });
}

/** Removes a test-only queue (never a configured one) with everything in it. */
export async function dropQueue(queue: string): Promise<void> {
  await getQueue(queue).obliterate({ force: true }).catch(() => undefined);
}

const BatchStep = defineJob({
  name: "E2eBatchStep",
  queue: "e2e-batches",
  payload: z.object({ n: z.number() }),
  tries: 1,
  async handle() {
    await new Promise((r) => setTimeout(r, 150));
    return { ok: true };
  },
});

/** A batch of `size` jobs on the e2e-batches queue, and a way to start working it. */
export async function seedBatch(size: number): Promise<{ id: string; name: string; work: () => Promise<() => Promise<void>> }> {
  const name = `E2E batch ${token("")}`;
  const id = await createBatch({ name, queue: "e2e-batches", jobs: Array.from({ length: size }, (_, n) => batchJob(BatchStep, { n })) });
  return {
    id,
    name,
    work: async () => {
      const worker = createQueueWorker("e2e-batches", { concurrency: 2 });
      return async () => {
        await worker.close();
      };
    },
  };
}

export async function removeBatch(id: string): Promise<void> {
  await prisma().batch.deleteMany({ where: { id } });
  await dropQueue("e2e-batches");
}
