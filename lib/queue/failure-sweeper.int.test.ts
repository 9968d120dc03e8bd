// The failure sweeper against real Redis and PostgreSQL: a job left failed in BullMQ with no
// archive row (its worker died before archiving it, or PostgreSQL was down) is archived by the
// next pass, once, and its batch counts it; one whose row was written but not marked gets no
// second row; one whose batch or chain step failed after the row gets that step again; a failure
// the runtime archived is left alone.
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../db/client";
import { env } from "../env";
import { ARCHIVED_FIELD, jobKey, runOf } from "./archive-mark";
import { registerAttemptHooks } from "./attempt-hooks";
import { batchJob, createBatch, findBatch } from "./batches";
import { recordFailure } from "./failed-jobs";
import { sweepIfDue, sweepQueueFailures } from "./failure-sweeper";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, dispatch, getQueue, runtimeRedis } from "./index";
import { failWithoutTheRuntime } from "./testing/unarchived-failure";
import { uniqueName, waitFor } from "./test-support";

const Work = defineJob({
  name: uniqueName("sweep-work"),
  queue: "default",
  payload: z.object({ n: z.number() }),
  tries: 1,
  async handle({ payload }) {
    throw new UnrecoverableError(`job ${payload.n} fails for good`);
  },
});

const queueName = () => uniqueName("sweep").replace(/[^\w-]/g, "_");
const rows = (queue: string, jobId?: string) => prisma().failedJob.findMany({ where: { prefix: env().REDIS_PREFIX, queue, ...(jobId ? { jobId } : {}) } });

beforeAll(() => configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 }));
afterAll(() => closeQueues());

describe("a failed job nobody archived", () => {
  it("is archived by the next pass, once, and its batch counts the failure", async () => {
    const queue = queueName();
    expect(await sweepQueueFailures(queue)).toMatchObject({ archived: [] }); // a first pass starts now
    const id = await createBatch({ name: "Sweep", queue, allowFailures: true, jobs: [batchJob(Work, { n: 1 })] });
    await failWithoutTheRuntime(queue, 1);
    const [jobId] = await getQueue(queue).getFailed().then((jobs) => jobs.map((j) => j.id!));
    expect(await rows(queue)).toHaveLength(0);
    expect(await findBatch(id)).toMatchObject({ pendingJobs: 1, finished: false });

    expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [jobId], left: 0 });
    const archived = await rows(queue, jobId);
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({ jobName: Work.name, failReason: "stalled", message: "job stalled more than allowable limit", payload: { n: 1 } });
    expect(await findBatch(id)).toMatchObject({ pendingJobs: 0, failedJobs: 1, finished: true });

    expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [], left: 0 });
    expect(await rows(queue, jobId)).toHaveLength(1);
  });

  it("waits out the grace period its own worker has to archive it", async () => {
    const queue = queueName();
    await sweepQueueFailures(queue);
    await dispatch(Work, { n: 2 }, { queue });
    await failWithoutTheRuntime(queue, 1);
    expect(await sweepQueueFailures(queue)).toMatchObject({ archived: [], left: 0 }); // failed < 2 min ago
    expect(await rows(queue)).toHaveLength(0);
    expect((await sweepQueueFailures(queue, { now: Date.now() + 121_000 })).archived).toHaveLength(1);
  });

  it("while PostgreSQL is down stays unarchived, and the pass after it returns archives it", async () => {
    const queue = queueName();
    await sweepQueueFailures(queue);
    await dispatch(Work, { n: 3 }, { queue });
    await dispatch(Work, { n: 4 }, { queue });
    await failWithoutTheRuntime(queue, 2);
    const down = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    };
    expect(await sweepQueueFailures(queue, { graceMs: 0, sink: down })).toMatchObject({ archived: [], left: 2 });
    expect(await rows(queue)).toHaveLength(0);
    expect((await sweepQueueFailures(queue, { graceMs: 0 })).archived).toHaveLength(2);
    expect(await rows(queue)).toHaveLength(2);
  });
});

describe("a failure whose process died after its archive row, before the mark", () => {
  it("is marked by the next pass without a second row (a bulk retry would enqueue it twice)", async () => {
    const queue = queueName();
    await sweepQueueFailures(queue);
    await dispatch(Work, { n: 6 }, { queue });
    await failWithoutTheRuntime(queue, 1);
    const [job] = await getQueue(queue).getFailed();
    const row = await recordFailure({ connection: "redis", queue, jobId: job.id!, jobName: job.name, payload: { n: 6 }, error: new Error(job.failedReason), attempts: 1, failReason: "stalled", run: runOf(job) });

    expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [job.id], left: 0 });
    expect((await rows(queue, job.id)).map((r) => r.uuid)).toEqual([row.uuid]);
    expect(await runtimeRedis().hget(jobKey(queue, job.id!), ARCHIVED_FIELD)).toBe(runOf(job));
  });
});

describe("a failure whose batch or chain step failed after its archive row", () => {
  it("stays unmarked, and the next pass runs that step again — without a second row", async () => {
    const queue = queueName();
    await sweepQueueFailures(queue);
    const counted: string[] = [];
    let failNext = true;
    // Stands in for the batch/chain bookkeeping meeting a Redis or PostgreSQL error once.
    const unregister = registerAttemptHooks({
      name: uniqueName("flaky-count"),
      afterFailed(info) {
        if (info.job.queueName !== queue) return;
        if (failNext) {
          failNext = false;
          throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
        }
        counted.push(info.job.id!);
      },
    });
    const worker = createQueueWorker(queue);
    try {
      const jobId = await dispatch(Work, { n: 7 }, { queue });
      await waitFor(async () => (await rows(queue, jobId)).length === 1 && (await getQueue(queue).getFailedCount()) === 1);
      await waitFor(() => !failNext);
      expect(await runtimeRedis().hget(jobKey(queue, jobId), ARCHIVED_FIELD)).toBeNull();

      expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [jobId], left: 0 });
      expect(counted).toEqual([jobId]);
      expect(await rows(queue, jobId)).toHaveLength(1);
      expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [], left: 0 });
      expect(counted).toEqual([jobId]);
    } finally {
      unregister();
      await worker.close();
    }
  });
});

describe("a failure the runtime archived", () => {
  it("carries the archive mark of its run and is left alone", async () => {
    const queue = queueName();
    await sweepQueueFailures(queue);
    const worker = createQueueWorker(queue);
    const jobId = await dispatch(Work, { n: 5 }, { queue });
    await waitFor(async () => (await rows(queue, jobId)).length === 1 && (await getQueue(queue).getFailedCount()) === 1);
    await worker.close();
    const [processedOn, mark] = await runtimeRedis().hmget(jobKey(queue, jobId), "processedOn", ARCHIVED_FIELD);
    expect(mark).toBe(processedOn);
    expect(await sweepQueueFailures(queue, { graceMs: 0 })).toMatchObject({ archived: [], left: 0 });
    expect(await rows(queue, jobId)).toHaveLength(1);
  });
});

describe("the worker processes of a host", () => {
  it("sweep a queue once per period between them, and again in the next period", async () => {
    const queue = queueName();
    const periodMs = 1_000;
    // Six processes' timers firing together: one takes the pass, the others read nothing.
    const passes = await Promise.all(Array.from({ length: 6 }, () => sweepIfDue(queue, periodMs)));
    expect(passes.filter((p) => p !== null)).toHaveLength(1);
    expect(await sweepIfDue(queue, periodMs)).toBeNull();

    const jobId = await dispatch(Work, { n: 6 }, { queue });
    await failWithoutTheRuntime(queue, 1);
    await new Promise((r) => setTimeout(r, periodMs * 0.7 + 50));
    expect(await sweepIfDue(queue, periodMs, { graceMs: 0 })).toMatchObject({ archived: [jobId], left: 0 });
  });
});
