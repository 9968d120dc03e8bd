// Issue 5 "Done when", batches: real Redis + PostgreSQL, one BullMQ worker in this
// process running the runtime's processor (so the batch hooks run as in production).
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../../db/client";
import { env } from "../../env";
import { BadRequest } from "../../http/app-error";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, findFailedJobs, PayloadInvalid, type QueueWorker } from "../index";
import { createGates, sleep, uniqueName, waitFor } from "../test-support";
import { keyedJobId } from "./batch-ids";
import { batchKeys } from "./batch-keys";
import { batchRedis } from "./batch-redis";
import { getQueue } from "../queues";
import {
  addToBatch, batchJob, BatchConflict, batchProgress, cancelBatch, createBatch, defineBatchCallback, findBatch, listBatches, retryBatch,
  type BatchCallbackContext,
} from "./index";

const QUEUE = "default";
let worker: QueueWorker;

/** Calls of each named callback, by batch id. */
const calls = new Map<string, { kind: string; ctx: BatchCallbackContext }[]>();
const record = (kind: string) => (ctx: BatchCallbackContext) => {
  calls.set(ctx.batch.id, [...(calls.get(ctx.batch.id) ?? []), { kind, ctx }]);
};
const THEN = defineBatchCallback(uniqueName("test.then"), record("then"));
const CATCH = defineBatchCallback(uniqueName("test.catch"), record("catch"));
const FINALLY = defineBatchCallback(uniqueName("test.finally"), record("finally"));
const callbacks = { then: THEN, catch: CATCH, finally: FINALLY };
const kindsOf = (id: string) => (calls.get(id) ?? []).map((c) => c.kind).sort();

/** Handler runs per batch/n, and which n fail (transiently: once; permanently: always). */
const ran = new Map<string, number>();
const failOnce = new Set<string>();
const runsOf = new Map<string, number>();
const gate = createGates();
const Work = defineJob({
  name: uniqueName("batch-work"),
  queue: QUEUE,
  payload: z.object({
    tag: z.string(), n: z.number(), fail: z.enum(["no", "always", "permanent", "once", "twice"]).default("no"), sleepMs: z.number().default(0),
    /** Wait until the test opens the tag's gate. */
    gated: z.boolean().default(false),
  }),
  tries: 2,
  backoff: 0.02,
  async handle({ payload }) {
    const k = `${payload.tag}:${payload.n}`;
    ran.set(payload.tag, (ran.get(payload.tag) ?? 0) + 1);
    if (payload.sleepMs) await sleep(payload.sleepMs);
    if (payload.gated) await gate(payload.tag).promise;
    if (payload.fail === "always") throw new Error(`job ${payload.n} fails`);
    if (payload.fail === "permanent") throw new UnrecoverableError(`job ${payload.n} fails for good`);
    if (payload.fail === "twice" && (runsOf.get(k) ?? 0) < 2) {
      runsOf.set(k, (runsOf.get(k) ?? 0) + 1);
      throw new Error(`job ${payload.n} fails (run ${runsOf.get(k)})`); // tries 2: fails for good, retryable later
    }
    if (payload.fail === "once" && !failOnce.has(k)) {
      failOnce.add(k);
      throw new UnrecoverableError(`job ${payload.n} fails this time`);
    }
    return payload.n;
  },
});

const finished = (id: string, timeoutMs = 90_000) =>
  waitFor(async () => {
    const b = await findBatch(id);
    // Finished, and the finally callback ran and was marked done (it is the last thing the worker does).
    return b?.finished && b.callbacks.finally?.doneAt ? b : undefined;
  }, timeoutMs, 50);

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 20 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

describe("a batch that allows failures", () => {
  it("1,000 jobs, ~3 % failing after their retries: 100 % with exact counts, then/catch/finally once each", async () => {
    const tag = uniqueName("thousand");
    const failing = new Set(Array.from({ length: 1000 }, (_, n) => n).filter((n) => n % 33 === 7 && n < 990)); // 30 jobs
    const id = await createBatch({
      name: `Thousand ${tag}`, queue: QUEUE, allowFailures: true, ...callbacks,
      jobs: Array.from({ length: 1000 }, (_, n) => batchJob(Work, { tag, n, fail: failing.has(n) ? "always" : "no" }, { key: String(n) })),
    });
    const b = await finished(id);
    expect(failing.size).toBe(30);
    expect(b).toMatchObject({
      totalJobs: 1000, pendingJobs: 0, failedJobs: 30, cancelledJobs: 0, processedJobs: 1000, succeededJobs: 970,
      progress: 100, finished: true, cancelled: false,
    });
    expect([...b.failedJobIds].sort()).toEqual([...failing].map((n) => keyedJobId(id, String(n))).sort());
    expect(b.finishedAt).toBeGreaterThanOrEqual(b.createdAt);
    // Each failing job ran twice (tries 2), every other once.
    expect(ran.get(tag)).toBe(970 + 30 * 2);
    await sleep(200); // a late duplicate callback would show up now
    expect(kindsOf(id)).toEqual(["catch", "finally", "then"]);
    const catchCall = calls.get(id)!.find((c) => c.kind === "catch")!;
    expect(catchCall.ctx.error?.message).toMatch(/^job \d+ fails$/);
    expect(b.callbacks.then).toMatchObject({ name: THEN, doneAt: expect.any(Number), error: null });

    // PostgreSQL keeps the same history.
    const row = await waitFor(() => prisma().batch.findUnique({ where: { id } }).then((r) => (r?.finishedAt ? r : undefined)));
    expect(row).toMatchObject({ totalJobs: 1000, pendingJobs: 0, failedJobs: 30, cancelledJobs: 0, allowFailures: true, cancelledAt: null });
    expect(row.failedJobIds).toHaveLength(30);
  }, 120_000); // ~10 s on an idle machine; room for a loaded shared one
});

describe("a batch without allowFailures", () => {
  it("the first failure cancels it: catch once, the rest skip their work, finally once, no then", async () => {
    const tag = uniqueName("strict");
    const one = createQueueWorker("low", { concurrency: 1 }); // one at a time: the order is exact
    try {
      const id = await createBatch({
        name: `Strict ${tag}`, queue: "low", ...callbacks,
        jobs: Array.from({ length: 200 }, (_, n) => batchJob(Work, { tag, n, fail: n === 5 ? "permanent" : "no" })),
      });
      const b = await finished(id);
      expect(b).toMatchObject({
        totalJobs: 200, pendingJobs: 0, failedJobs: 1, cancelledJobs: 194, succeededJobs: 5, progress: 100, finished: true, cancelled: true,
      });
      expect(ran.get(tag)).toBe(6); // jobs 0–5 ran; 6–199 skipped their work
      await sleep(200);
      expect(kindsOf(id)).toEqual(["catch", "finally"]);
      expect((await prisma().batch.findUnique({ where: { id } }))?.cancelledAt).toBeInstanceOf(Date);
    } finally {
      await one.close();
    }
  });
});

describe("add to a running batch", () => {
  it("counts the added jobs, finishes once after them, refuses adds once finished, adds a key once (even given twice in one call)", async () => {
    const tag = uniqueName("add");
    const id = await createBatch({
      name: `Add ${tag}`, queue: QUEUE, ...callbacks,
      jobs: Array.from({ length: 40 }, (_, n) => batchJob(Work, { tag, n, gated: true })),
    });
    await waitFor(() => (ran.get(tag) ?? 0) >= 5); // running, held at the gate
    expect((await batchProgress(id))?.finished).toBe(false);
    await addToBatch(id, Array.from({ length: 30 }, (_, n) => batchJob(Work, { tag, n: 100 + n }, { key: `k${n}` })));
    // k0 is known already, k30 is given twice in one call: one new job.
    const again = (key: string) => batchJob(Work, { tag, n: 130 }, { key });
    await addToBatch(id, [again("k0"), again("k30"), again("k30")]);
    expect((await batchProgress(id))?.totalJobs).toBe(71);
    gate(tag).open();
    const b = await finished(id);
    expect(b).toMatchObject({ totalJobs: 71, pendingJobs: 0, failedJobs: 0, progress: 100 });
    expect(ran.get(tag)).toBe(71);
    expect(kindsOf(id)).toEqual(["finally", "then"]);
    await expect(addToBatch(id, [batchJob(Work, { tag, n: 999 })])).rejects.toBeInstanceOf(BatchConflict);
  });

  it("adds running at once, and a second createBatch with the same id, never give two jobs one generated id", async () => {
    const tag = uniqueName("seq");
    const id = `fixed-${tag}`;
    const three = (from: number) => Array.from({ length: 3 }, (_, n) => batchJob(Work, { tag, n: from + n, gated: true }));
    expect(await createBatch({ id, name: `Seq ${tag}`, queue: QUEUE, ...callbacks, jobs: three(0) })).toBe(id);
    expect(await createBatch({ id, name: `Seq ${tag}`, queue: QUEUE, ...callbacks, jobs: three(10) })).toBe(id);
    const adds = await Promise.all([0, 1].map((a) => addToBatch(id, Array.from({ length: 1200 }, (_, n) => batchJob(Work, { tag, n: 1000 * (a + 1) + n })))));
    const ids = adds.flat();
    expect(new Set(ids).size).toBe(2400);
    for (const jobId of ids) expect(jobId).toMatch(new RegExp(`^${id}_\\d+$`));
    expect((await batchProgress(id))?.totalJobs).toBe(2406);
    gate(tag).open();
    expect(await finished(id)).toMatchObject({ totalJobs: 2406, pendingJobs: 0, failedJobs: 0, progress: 100 });
    expect(ran.get(tag)).toBe(2406);
  });
});

describe("keyed jobs of batches with caller-chosen ids", () => {
  it("batch `<t>-q` with key `x` and batch `<t>` with key `q-x` each get their own job (joined with `-`, both were `<t>-q-x`)", async () => {
    const tag = uniqueName("collide");
    const t = tag.replace(/[^\w-]/g, "_");
    const outer = await createBatch({ id: `${t}-q`, name: `Collide ${tag}`, queue: QUEUE, ...callbacks, jobs: [batchJob(Work, { tag, n: 1 }, { key: "x" })] });
    const inner = await createBatch({ id: t, name: `Collide ${tag}`, queue: QUEUE, ...callbacks, jobs: [batchJob(Work, { tag, n: 2 }, { key: "q-x" })] });
    expect(await finished(outer, 20_000)).toMatchObject({ totalJobs: 1, succeededJobs: 1 });
    expect(await finished(inner, 20_000)).toMatchObject({ totalJobs: 1, succeededJobs: 1 });
    expect(ran.get(tag)).toBe(2);
  });

  it("an earlier release's batch (no `ks` in its hash) keeps `<batchId>-<key>`: a key added again after the upgrade finds its job", async () => {
    const tag = uniqueName("legacy");
    const id = await createBatch({ name: `Legacy ${tag}`, queue: QUEUE, ...callbacks });
    await batchRedis().hdel(batchKeys(id).batch, "ks"); // what a batch created before `.` looks like
    const job = (n: number) => batchJob(Work, { tag, n, gated: true }, { key: "company-7" });
    expect(await addToBatch(id, [job(1)])).toEqual([`${id}-company-7`]);
    expect(await addToBatch(id, [job(2)])).toEqual([`${id}-company-7`]);
    expect(await createBatch({ id, name: `Legacy ${tag}`, queue: QUEUE, ...callbacks, jobs: [job(3)] })).toBe(id);
    expect((await batchProgress(id))?.totalJobs).toBe(1);
    gate(tag).open();
    expect(await finished(id)).toMatchObject({ totalJobs: 1, succeededJobs: 1, pendingJobs: 0 });
    expect(ran.get(tag)).toBe(1);
  });

  it("a batch this release creates joins with `.`, also for a second createBatch that adds to it", async () => {
    const tag = uniqueName("dot");
    const id = `fixed-${tag.replace(/[^\w-]/g, "_")}`;
    const job = (n: number) => batchJob(Work, { tag, n, gated: true }, { key: "k" });
    await createBatch({ id, name: `Dot ${tag}`, queue: QUEUE, ...callbacks, jobs: [job(1)] });
    await createBatch({ id, name: `Dot ${tag}`, queue: QUEUE, ...callbacks, jobs: [job(2)] });
    expect(await batchRedis().hget(batchKeys(id).batch, "ks")).toBe(".");
    expect(await getQueue(QUEUE).getJob(`${id}.k`)).toMatchObject({ data: { payload: { n: 1 } } });
    expect((await batchProgress(id))?.totalJobs).toBe(1);
    gate(tag).open();
    expect(await finished(id)).toMatchObject({ totalJobs: 1, succeededJobs: 1 });
    expect(ran.get(tag)).toBe(1);
  });
});

describe("one bad payload", () => {
  it("in the last chunk of a 2,500-job add adds nothing: no id registered, no job pushed, the batch unchanged", async () => {
    const tag = uniqueName("bad-payload");
    const id = await createBatch({ name: `Bad payload ${tag}`, queue: QUEUE, ...callbacks, jobs: [batchJob(Work, { tag, n: 0 })] });
    await finished(id);
    const before = await findBatch(id);
    // Jobs are built chunk by chunk while pushing, but every payload is validated before anything is registered.
    const jobs = Array.from({ length: 2500 }, (_, n) => batchJob(Work, { tag, n: 1 + n }));
    jobs.push(batchJob(Work, { tag, n: "not a number" } as never));
    const other = await createBatch({ name: `Bad payload too ${tag}`, queue: QUEUE, ...callbacks });
    await expect(addToBatch(other, jobs)).rejects.toBeInstanceOf(PayloadInvalid);
    await expect(createBatch({ name: `Bad payload new ${tag}`, queue: QUEUE, jobs })).rejects.toBeInstanceOf(PayloadInvalid);
    await sleep(300);
    expect(await findBatch(other)).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: false });
    expect(ran.get(tag)).toBe(1); // only the first batch's job ever ran
    expect(await findBatch(id)).toMatchObject({ totalJobs: before!.totalJobs, finished: true });
  });
});

describe("a key BullMQ cannot take in a job id", () => {
  it("(`:`) in the last chunk of a 2,500-job add is refused before anything is registered or pushed", async () => {
    const tag = uniqueName("bad-key");
    const id = await createBatch({ name: `Bad key ${tag}`, queue: QUEUE, ...callbacks });
    const jobs = Array.from({ length: 2500 }, (_, n) => batchJob(Work, { tag, n }));
    jobs.push(batchJob(Work, { tag, n: 2500 }, { key: "company:42" }));
    const refused = addToBatch(id, jobs);
    await expect(refused).rejects.toBeInstanceOf(BadRequest);
    await expect(refused).rejects.toThrow(/key "company:42"/);
    await expect(createBatch({ name: `Bad key new ${tag}`, queue: QUEUE, jobs })).rejects.toBeInstanceOf(BadRequest);
    await sleep(300);
    expect(await findBatch(id)).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: false });
    expect(ran.get(tag) ?? 0).toBe(0);
  });
});

describe("the seed's pattern: created empty, then filled by adds in a loop", () => {
  it("an empty batch stays open (no callbacks); it finishes once, after the last added job, with the totals of every add", async () => {
    const tag = uniqueName("empty-then-add");
    const id = await createBatch({ name: `Empty ${tag}`, queue: QUEUE, allowFailures: true, ...callbacks });
    await sleep(200); // a worker is running: an empty batch that counted as finished would have fired by now
    expect(await findBatch(id)).toMatchObject({ totalJobs: 0, pendingJobs: 0, progress: 0, finished: false, finishedAt: null });
    expect(kindsOf(id)).toEqual([]);

    // Like the seed's loop over companies: one add per item. The first item's job is held at
    // the gate so the batch cannot finish between two adds (a race the seed's loop has).
    await addToBatch(id, [batchJob(Work, { tag, n: 0, gated: true }, { key: "0" })]);
    try {
      for (let n = 1; n < 8; n++) {
        await addToBatch(id, [batchJob(Work, { tag, n, fail: n === 5 ? "permanent" : "no" }, { key: String(n) })]);
      }
      await waitFor(() => (ran.get(tag) ?? 0) === 8); // the later jobs ran while job 0 holds the batch open
      await sleep(100);
      expect(await findBatch(id)).toMatchObject({ totalJobs: 8, pendingJobs: 1, failedJobs: 1, finished: false });
      expect(kindsOf(id)).toEqual(["catch"]);
    } finally {
      gate(tag).open();
    }
    const b = await finished(id);
    expect(b).toMatchObject({
      totalJobs: 8, pendingJobs: 0, failedJobs: 1, cancelledJobs: 0, succeededJobs: 7, processedJobs: 8, progress: 100,
      finished: true, cancelled: false, failedJobIds: [keyedJobId(id, "5")],
    });
    await sleep(200); // a late duplicate callback would show up now
    expect(kindsOf(id)).toEqual(["catch", "finally", "then"]);
    expect(calls.get(id)!.find((c) => c.kind === "then")!.ctx.batch).toMatchObject({ totalJobs: 8, pendingJobs: 0, failedJobs: 1 });
    const row = await waitFor(() => prisma().batch.findUnique({ where: { id } }).then((r) => (r?.finishedAt ? r : undefined)));
    expect(row).toMatchObject({ totalJobs: 8, pendingJobs: 0, failedJobs: 1 });
  });
});

describe("cancel mid-way", () => {
  it("jobs not started yet skip their work; counters add up; finally once, no then", async () => {
    const tag = uniqueName("cancel");
    const id = await createBatch({
      name: `Cancel ${tag}`, queue: QUEUE, allowFailures: true, ...callbacks,
      jobs: Array.from({ length: 400 }, (_, n) => batchJob(Work, { tag, n, sleepMs: 15 })),
    });
    await waitFor(() => (ran.get(tag) ?? 0) >= 40);
    expect(await cancelBatch(id)).toBe(true);
    const startedBeforeCancel = ran.get(tag)!;
    expect(await cancelBatch(id)).toBe(false); // idempotent
    const b = await finished(id);
    // Only jobs already running when the cancel landed (≤ concurrency) could still start.
    expect(ran.get(tag)!).toBeLessThanOrEqual(startedBeforeCancel + 20);
    expect(b.cancelled).toBe(true);
    expect(b.succeededJobs).toBe(ran.get(tag));
    expect(b.cancelledJobs).toBe(400 - ran.get(tag)!);
    expect(b).toMatchObject({ totalJobs: 400, pendingJobs: 0, failedJobs: 0, progress: 100 });
    expect(kindsOf(id)).toEqual(["finally"]);
    await expect(addToBatch(id, [batchJob(Work, { tag, n: 1 })])).rejects.toBeInstanceOf(BatchConflict);
    await expect(retryBatch(id)).rejects.toBeInstanceOf(BatchConflict);
  });
});

describe("retry failed jobs", () => {
  it("one, then all: the counters move back at once, the jobs run again, callbacks do not fire twice", async () => {
    const tag = uniqueName("retry");
    const failing = [3, 14, 15, 92];
    const id = await createBatch({
      name: `Retry ${tag}`, queue: QUEUE, allowFailures: true, ...callbacks,
      jobs: Array.from({ length: 100 }, (_, n) => batchJob(Work, { tag, n, fail: failing.includes(n) ? "once" : "no" }, { key: String(n) })),
    });
    let b = await finished(id);
    expect(b).toMatchObject({ failedJobs: 4, pendingJobs: 0, progress: 100 });
    await waitFor(() => findFailedJobs({ jobName: Work.name }).then((rows) => rows.filter((r) => r.jobId.startsWith(id)).length === 4));

    const first = keyedJobId(id, "14");
    const one = await retryBatch(id, { jobIds: [first], retriedBy: "test@switchyard.test" });
    expect(one).toEqual({ retried: [first], notRetried: [] });
    await waitFor(async () => (await findBatch(id))?.failedJobs === 3 && (await findBatch(id))?.pendingJobs === 0);

    const all = await retryBatch(id);
    expect(all.retried.sort()).toEqual([keyedJobId(id, "15"), keyedJobId(id, "3"), keyedJobId(id, "92")].sort());
    b = await waitFor(async () => {
      const s = await findBatch(id);
      return s && s.failedJobs === 0 && s.pendingJobs === 0 && s.finished ? s : undefined;
    });
    expect(b).toMatchObject({ totalJobs: 100, failedJobs: 0, failedJobIds: [], succeededJobs: 100, progress: 100 });
    expect(ran.get(tag)).toBe(104);
    expect(kindsOf(id)).toEqual(["catch", "finally", "then"]); // once each over the batch's whole life
    const archived = (await findFailedJobs({ jobName: Work.name, includeRetried: true })).filter((r) => r.jobId.startsWith(id));
    expect(archived.every((r) => r.retriedAt)).toBe(true);
    expect(await retryBatch(id)).toEqual({ retried: [], notRetried: [] });
  });

  it("counters move back before the retried jobs run", async () => {
    const tag = uniqueName("retry-counters");
    const paused = createQueueWorker("high", { concurrency: 5, autorun: true });
    const id = await createBatch({
      name: `Counters ${tag}`, queue: "high", allowFailures: true,
      jobs: Array.from({ length: 10 }, (_, n) => batchJob(Work, { tag, n, fail: n < 3 ? "once" : "no" })),
    });
    await waitFor(async () => (await batchProgress(id))?.finished);
    await paused.pause();
    const r = await retryBatch(id);
    expect(r.retried).toHaveLength(3);
    expect(await batchProgress(id)).toMatchObject({ failedJobs: 0, pendingJobs: 3, progress: 70, finished: false });
    paused.resume();
    await waitFor(async () => (await batchProgress(id))?.finished);
    expect(await batchProgress(id)).toMatchObject({ failedJobs: 0, pendingJobs: 0, progress: 100 });
    await paused.close();
  });
});

describe("retry from the failed-job archive (Failed jobs screen)", () => {
  it.each([
    ["a keyed job (id `<batch>.<key>`)", true],
    ["a job without a key (id `<batch>_<n>`)", false],
  ])("the re-run of %s under a new job id is counted by its batch: failed −1, then done", async (_, keyed) => {
    const tag = uniqueName("archive");
    const id = await createBatch({
      name: `Archive ${tag}`, queue: QUEUE, allowFailures: true,
      jobs: Array.from({ length: 5 }, (_, n) => batchJob(Work, { tag, n, fail: n === 2 ? "twice" : "no" }, keyed ? { key: String(n) } : {})),
    });
    await waitFor(async () => (await batchProgress(id))?.finished);
    await waitFor(() => prisma().batch.findUnique({ where: { id } }).then((r) => r?.failedJobIds.length === 1));
    const failedId = keyed ? keyedJobId(id, "2") : `${id}_2`;
    const [row] = await waitFor(() => findFailedJobs({ jobName: Work.name }).then((rows) => {
      const mine = rows.filter((r) => r.jobId === failedId);
      return mine.length ? mine : undefined;
    }));
    const { retryFailed } = await import("../index");
    const result = await retryFailed({ uuid: row.uuid, retriedBy: "test" });
    expect(result).toMatchObject({ skipped: [], retried: [{ uuid: row.uuid }] });
    const b = await waitFor(async () => {
      const s = await findBatch(id);
      return s?.finished && s.failedJobs === 0 ? s : undefined;
    });
    expect(b).toMatchObject({ totalJobs: 5, pendingJobs: 0, failedJobs: 0, succeededJobs: 5, failedJobIds: [] });
    expect(ran.get(tag)).toBe(7); // job 2: two failed attempts, then the re-run
  });
});

describe("reading batches", () => {
  it("lists newest first with a cursor, and keeps history in PostgreSQL once Redis has trimmed a batch", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await createBatch({ name: `List ${i}`, queue: QUEUE, jobs: [batchJob(Work, { tag: "list", n: i })] }));
      await sleep(5); // distinct createdAt
    }
    await waitFor(async () => (await Promise.all(ids.map(batchProgress))).every((b) => b?.finished));
    const page1 = await listBatches({ perPage: 2 });
    expect(page1.batches.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    const page2 = await listBatches({ perPage: 2, cursor: page1.nextCursor! });
    expect(page2.batches[0].id).toBe(ids[0]);

    // The worker copies the finished batch to PostgreSQL; then Redis "trims" it.
    await waitFor(() => prisma().batch.findUnique({ where: { id: ids[0] } }).then((r) => r?.finishedAt));
    const { deleteBatchState } = await import("./batch-store");
    await deleteBatchState(ids[0]);
    const fromPg = await findBatch(ids[0]);
    expect(fromPg).toMatchObject({ id: ids[0], source: "postgres", totalJobs: 1, pendingJobs: 0, progress: 100, finished: true });
    expect(await findBatch("no-such-batch")).toBeNull();
  });

  it("the first PostgreSQL copy is there when createBatch returns: inserted for a new id, updated over the row of an earlier batch of a reused fixed id, whatever its version", async () => {
    const tag = uniqueName("pg-copy");
    const id = await createBatch({ name: `PG ${tag}`, queue: QUEUE, jobs: Array.from({ length: 3 }, (_, n) => batchJob(Work, { tag, n, gated: true })) });
    expect(await prisma().batch.findUnique({ where: { id } })).toMatchObject({ name: `PG ${tag}`, totalJobs: 3, pendingJobs: 3, finishedAt: null });

    // Redis no longer has the batch of this id, PostgreSQL still has its row (older version): the new batch's copy replaces it.
    const fixed = uniqueName("pg-fixed");
    await prisma().batch.create({
      data: { id: fixed, prefix: env().REDIS_PREFIX, name: "old", queue: QUEUE, connection: "redis", totalJobs: 9, createdAt: new Date(0), version: 0 },
    });
    await createBatch({ id: fixed, name: `PG fixed ${tag}`, queue: QUEUE, jobs: [batchJob(Work, { tag, n: 10, gated: true })] });
    expect(await prisma().batch.findUnique({ where: { id: fixed } })).toMatchObject({ name: `PG fixed ${tag}`, totalJobs: 1, pendingJobs: 1 });

    // The same, but the leftover row is at a higher version than the new batch will ever reach here, and finished:
    // the new batch's copies still replace it, first to last.
    const reused = uniqueName("pg-reused");
    await prisma().batch.create({
      data: {
        id: reused, prefix: env().REDIS_PREFIX, name: "old", queue: QUEUE, connection: "redis", totalJobs: 9, failedJobs: 2,
        createdAt: new Date(0), finishedAt: new Date(1000), version: 500,
      },
    });
    await createBatch({ id: reused, name: `PG reused ${tag}`, queue: QUEUE, jobs: [batchJob(Work, { tag, n: 11, gated: true })] });
    expect(await prisma().batch.findUnique({ where: { id: reused } })).toMatchObject({
      name: `PG reused ${tag}`, totalJobs: 1, pendingJobs: 1, failedJobs: 0, finishedAt: null,
    });
    gate(tag).open();
    await waitFor(async () => (await Promise.all([id, fixed, reused].map(batchProgress))).every((b) => b?.finished));
    const row = await waitFor(async () => {
      const r = await prisma().batch.findUnique({ where: { id: reused } });
      return r?.finishedAt ? r : undefined;
    });
    expect(row).toMatchObject({ totalJobs: 1, pendingJobs: 0, failedJobs: 0 });
    expect(row.version).toBeLessThan(500);
  });
});
