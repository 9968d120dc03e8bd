// Issue 6 §6 / "Done when": trim removes exactly what is past its window — BullMQ's
// completed (60 min) and failed (10080 min) sets, the tag indexes (recent 60 min,
// recent_failed 1440 min), the PostgreSQL archive (retentionDays) — and nothing
// that is not, nor any pending job. The clock is injected: no test waits an hour.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../db/client";
import { env } from "../env";
import { closeQueues, createQueueWorker, defineJob, dispatch, getQueue, type QueueWorker } from "../queue";
import { searchByTag } from "../tags/search";
import { attachMetrics } from "./attach";
import { flushRecordings } from "./record-job";
import { closeMetricsRedis } from "./redis";
import { sleep, uniqueName, waitFor } from "./test-support";
import { trimAll, trimFailedArchive } from "./trim";

const MIN = 60_000;
const QUEUE = "default";
const TAG = "company:501";

const job = defineJob({
  name: uniqueName("TrimProbe"), queue: QUEUE, tries: 1,
  payload: z.object({ company_id: z.number(), fail: z.boolean(), group: z.string() }),
  handle(ctx) {
    if (ctx.payload.fail) throw new Error("planned");
  },
});
const pendingJob = defineJob({ name: uniqueName("TrimPending"), queue: "low", payload: z.object({}), handle: () => undefined });

let worker: QueueWorker;
/** Jobs whose completed/failed event has fired (so their metrics were handed to the recorder). */
const seen = new Set<string>();
const ids = { aDone: [] as string[], aFailed: [] as string[], bDone: [] as string[], bFailed: [] as string[] };
let pendingId = "";
/** Latest finish of group A, earliest of group B (B finished > 1 s after A). */
let aLast = 0;
let bFirst = 0;
let aFirst = 0;

async function runGroup(group: "a" | "b", done: number, failed: number): Promise<{ done: string[]; failed: string[] }> {
  const d = await Promise.all(Array.from({ length: done }, () => dispatch(job, { company_id: 501, fail: false, group })));
  const f = await Promise.all(Array.from({ length: failed }, () => dispatch(job, { company_id: 501, fail: true, group })));
  await waitFor(async () => {
    const states = await Promise.all([...d, ...f].map(async (id) => (await getQueue(QUEUE).getJob(id))?.finishedOn));
    return states.every(Boolean);
  });
  await waitFor(() => [...d, ...f].every((id) => seen.has(id)));
  await flushRecordings();
  return { done: d, failed: f };
}

async function finishedOn(id: string): Promise<number> {
  return (await getQueue(QUEUE).getJob(id))!.finishedOn!;
}

async function present(state: "completed" | "failed"): Promise<string[]> {
  return (await getQueue(QUEUE).getJobs([state], 0, -1)).map((j) => j.id!).sort();
}

const sorted = (...lists: string[][]) => lists.flat().sort();
const trimOpts = (now: number) => ({ now, queues: [QUEUE, "low"], skipArchive: true });

beforeAll(async () => {
  worker = createQueueWorker(QUEUE, { concurrency: 5, onFinalFailure: async () => {} });
  attachMetrics(worker);
  // Registered after attachMetrics: when these fire, the job is already in the recording buffer.
  worker.on("completed", (j) => seen.add(j.id!));
  worker.on("failed", (j) => j && seen.add(j.id!));
  pendingId = await dispatch(pendingJob, {});
  const a = await runGroup("a", 3, 2);
  ids.aDone = a.done;
  ids.aFailed = a.failed;
  await sleep(1_200);
  const b = await runGroup("b", 2, 1);
  ids.bDone = b.done;
  ids.bFailed = b.failed;
  await flushRecordings();
  const aTimes = await Promise.all([...ids.aDone, ...ids.aFailed].map(finishedOn));
  const bTimes = await Promise.all([...ids.bDone, ...ids.bFailed].map(finishedOn));
  aFirst = Math.min(...aTimes);
  aLast = Math.max(...aTimes);
  bFirst = Math.min(...bTimes);
  expect(bFirst - aLast).toBeGreaterThan(1_000);
});

afterAll(async () => {
  await worker.close();
  await closeMetricsRedis();
  await closeQueues();
});

describe("trim windows (clock injected)", () => {
  it("1 ms before group A's oldest job is 60 min old, nothing is removed", async () => {
    const result = await trimAll(trimOpts(aFirst + 60 * MIN - 1));
    expect(result).toMatchObject({ completed: 0, failed: 0, recent: 0, recentFailed: 0 });
    expect(await present("completed")).toEqual(sorted(ids.aDone, ids.bDone));
    expect((await searchByTag(TAG, { now: aFirst + 60 * MIN - 1, limit: 100 })).total).toBe(8);
  });

  it("completed: when group A turns 60 min old, exactly A's completed jobs and recent-index entries go", async () => {
    const now = aLast + 60 * MIN;
    const result = await trimAll(trimOpts(now));
    expect(result.completed).toBe(ids.aDone.length);
    expect(result.failed).toBe(0);
    expect(result.recent).toBe(ids.aDone.length + ids.aFailed.length);
    expect(await present("completed")).toEqual(sorted(ids.bDone));
    expect(await present("failed")).toEqual(sorted(ids.aFailed, ids.bFailed));
    const recent = await searchByTag(TAG, { now, limit: 100 });
    expect(recent.jobs.map((j) => j.id).sort()).toEqual(sorted(ids.bDone, ids.bFailed));
    const failed = await searchByTag(TAG, { kind: "failed", now, limit: 100 });
    expect(failed.jobs.map((j) => j.id).sort()).toEqual(sorted(ids.aFailed, ids.bFailed));
  });

  it("recent_failed: at 1440 min, exactly A's failed-index entries go; BullMQ keeps failed jobs", async () => {
    const now = aLast + 1440 * MIN;
    const result = await trimAll(trimOpts(now));
    expect(result.recentFailed).toBe(ids.aFailed.length);
    expect(result.failed).toBe(0);
    expect(await present("failed")).toEqual(sorted(ids.aFailed, ids.bFailed));
    const failed = await searchByTag(TAG, { kind: "failed", now, limit: 100 });
    expect(failed.jobs.map((j) => j.id).sort()).toEqual(sorted(ids.bFailed));
  });

  it("failed: at 10080 min, exactly A's failed jobs go from BullMQ", async () => {
    const result = await trimAll(trimOpts(aLast + 10080 * MIN));
    expect(result.failed).toBe(ids.aFailed.length);
    expect(await present("failed")).toEqual(sorted(ids.bFailed));
  });

  it("pending jobs are never trimmed (they are the queue itself)", async () => {
    await trimAll(trimOpts(Date.now() + 30 * 1440 * MIN));
    expect(await (await getQueue("low").getJob(pendingId))!.getState()).toBe("waiting");
    expect(await present("completed")).toEqual([]);
    expect(await present("failed")).toEqual([]);
  });

  it("trims in chunks: 7 jobs with chunk 3 all go", async () => {
    const more = await runGroup("a", 7, 0);
    const last = Math.max(...(await Promise.all(more.done.map(finishedOn))));
    const result = await trimAll({ ...trimOpts(last + 60 * MIN), chunk: 3 });
    expect(result.completed).toBe(7);
    expect(await present("completed")).toEqual([]);
  });
});

describe("failed-job archive retention (PostgreSQL)", () => {
  it("removes exactly this deployment's rows older than retentionDays, in chunks", async () => {
    const prefix = env().REDIS_PREFIX;
    const now = Date.now();
    const row = (jobId: string, failedAt: number, rowPrefix = prefix) => ({
      prefix: rowPrefix, connection: "redis", queue: QUEUE, jobId, jobName: "TrimArchiveProbe", payload: {},
      exceptionClass: "Error", message: "x", attempts: 1, failReason: "max_tries", failedAt: new Date(failedAt),
    });
    const otherPrefix = `${prefix}-other`;
    await prisma().failedJob.createMany({
      data: [
        row("old-1", now - 30 * 1440 * MIN - 60_000), row("old-2", now - 31 * 1440 * MIN), row("old-3", now - 40 * 1440 * MIN),
        row("young", now - 30 * 1440 * MIN + 60_000),
        row("other-deployment", now - 40 * 1440 * MIN, otherPrefix),
      ],
    });
    try {
      const removed = await trimFailedArchive(now - 30 * 1440 * MIN, 2);
      expect(removed).toBe(3);
      const left = await prisma().failedJob.findMany({ where: { prefix: { in: [prefix, otherPrefix] } }, select: { jobId: true } });
      expect(left.map((r) => r.jobId).sort()).toEqual(["other-deployment", "young"]);
    } finally {
      await prisma().failedJob.deleteMany({ where: { prefix: { in: [prefix, otherPrefix] } } });
    }
  });
});
