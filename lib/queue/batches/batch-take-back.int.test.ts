// Issue 5 follow-up: job ids an add registered as pending but never pushed (the batch was
// cancelled between two registration chunks, or the push failed) must not hold the batch
// open, and taking them back must finish the batch — then/finally once — when it leaves
// nothing pending. Real Redis + PostgreSQL, one BullMQ worker in this process; the
// interleavings (a cancel between two chunks, a failing push) are injected at the
// client, everything else is the production path.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { prisma } from "../../db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, getQueue, type QueueWorker } from "../index";
import { createGates, sleep, uniqueName, waitFor } from "../test-support";
import { batchRedis } from "./batch-redis";
import {
  addToBatch, batchJob, BatchConflict, batchProgress, cancelBatch, createBatch, findBatch,
} from "./index";
import { recordingCallbacks } from "./recording-callbacks";

const QUEUE = "default";
let worker: QueueWorker;

const { callbacks, kindsOf } = recordingCallbacks("take-back");

const ran = new Map<string, number>();
const gate = createGates();
const openGate = (tag: string) => gate(tag).open();

const Work = defineJob({
  name: uniqueName("take-back-work"),
  queue: QUEUE,
  payload: z.object({ tag: z.string(), n: z.number(), gated: z.boolean().default(false) }),
  async handle({ payload }) {
    ran.set(payload.tag, (ran.get(payload.tag) ?? 0) + 1);
    if (payload.gated) await gate(payload.tag).promise;
    return payload.n;
  },
});

/** A batch with one job held at its gate (so it is running and cannot finish) and two quick ones. */
async function runningBatch(tag: string, extra: { allowFailures?: boolean } = {}): Promise<string> {
  const id = await createBatch({
    name: `Take back ${tag}`, queue: QUEUE, ...callbacks, ...extra,
    jobs: [batchJob(Work, { tag, n: 0, gated: true }), batchJob(Work, { tag, n: 1 }), batchJob(Work, { tag, n: 2 })],
  });
  await waitFor(async () => (ran.get(tag) ?? 0) >= 3 && (await batchProgress(id))?.pendingJobs === 1);
  return id;
}

/** 2,500 jobs: three registration chunks of ≤ 1,000 ids. */
const bigAdd = (tag: string) => Array.from({ length: 2500 }, (_, n) => batchJob(Work, { tag, n: 1000 + n }));

/** Runs `between` after the first registration chunk reached Redis and before the others do. */
function betweenRegistrationChunks(between: () => Promise<void>) {
  const r = batchRedis();
  const original = r.syBatchAdd.bind(r);
  let first = true;
  let betweenDone: Promise<void> | undefined;
  return vi.spyOn(r, "syBatchAdd").mockImplementation(async (...args: Parameters<typeof r.syBatchAdd>) => {
    if (first) {
      first = false;
      return original(...args);
    }
    betweenDone ??= between();
    await betweenDone;
    return original(...args);
  });
}

/** Finished in Redis, finally done, and the PostgreSQL copy finished too. */
async function finishedEverywhere(id: string, timeoutMs = 15_000) {
  const b = await waitFor(async () => {
    const s = await findBatch(id);
    return s?.finished && s.callbacks.finally?.doneAt ? s : undefined;
  }, timeoutMs, 50);
  const row = await waitFor(() => prisma().batch.findUnique({ where: { id } }).then((r) => (r?.finishedAt ? r : undefined)), timeoutMs);
  return { b, row };
}

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 10 });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

describe("a cancel lands in the middle of a large add", () => {
  it("the ids registered before the cancel are taken back; the batch finishes after its running job: finally once, no then", async () => {
    const tag = uniqueName("cancel-mid-add");
    const id = await runningBatch(tag, { allowFailures: true });
    const spy = betweenRegistrationChunks(async () => {
      expect(await cancelBatch(id)).toBe(true);
    });
    await expect(addToBatch(id, bigAdd(tag))).rejects.toBeInstanceOf(BatchConflict);
    expect(spy).toHaveBeenCalledTimes(3);
    // Nothing of the refused add is left counted: only the job held at the gate is pending.
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 3, pendingJobs: 1, cancelled: true, finished: false });

    openGate(tag);
    const { b, row } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 3, pendingJobs: 0, succeededJobs: 3, cancelledJobs: 0, progress: 100, finished: true, cancelled: true });
    expect(row).toMatchObject({ totalJobs: 3, pendingJobs: 0 });
    expect(row.cancelledAt).toBeInstanceOf(Date);
    await sleep(300); // a late duplicate callback would show up now
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBe(3); // none of the 2,500 ever ran
  });

  it("when nothing else is left, taking the ids back finishes the batch itself: finally once, no then, copied to PostgreSQL", async () => {
    const tag = uniqueName("cancel-mid-add-last");
    const id = await runningBatch(tag);
    betweenRegistrationChunks(async () => {
      expect(await cancelBatch(id)).toBe(true);
      // The running job completes meanwhile: only the 1,000 ids of the first chunk are pending now.
      openGate(tag);
      await waitFor(async () => (await batchProgress(id))?.pendingJobs === 1000);
    });
    await expect(addToBatch(id, bigAdd(tag))).rejects.toBeInstanceOf(BatchConflict);
    const { b, row } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 3, pendingJobs: 0, succeededJobs: 3, progress: 100, finished: true, cancelled: true });
    expect(b.callbacks.then).toMatchObject({ claimedBy: null, doneAt: null }); // cancelled: then never fires
    expect(b.callbacks.finally).toMatchObject({ claimedBy: expect.stringMatching(/^take-back:/), error: null });
    expect(row).toMatchObject({ totalJobs: 3, pendingJobs: 0 });
    expect((row.callbacks as { finally?: { doneAt: number | null } }).finally?.doneAt).toEqual(expect.any(Number));
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBe(3);
  });

  it("a re-add of known ids interrupted by a cancel takes back only its own new ids, never ids an earlier add pushed", async () => {
    const tag = uniqueName("cancel-re-add");
    const id = await runningBatch(tag, { allowFailures: true });
    // An earlier add pushed k0…k4 (they run and are held at the gate, like job 0).
    const keyed = (n: number) => batchJob(Work, { tag, n: 500 + n, gated: true }, { key: `k${n}` });
    await addToBatch(id, Array.from({ length: 5 }, (_, n) => keyed(n)));
    await waitFor(() => (ran.get(tag) ?? 0) >= 8);
    // A second add repeats them in its first chunk, with 2,000 new ids after them.
    betweenRegistrationChunks(async () => {
      expect(await cancelBatch(id)).toBe(true);
    });
    const again = [...Array.from({ length: 5 }, (_, n) => keyed(n)), ...Array.from({ length: 2000 }, (_, n) => batchJob(Work, { tag, n: 3000 + n }))];
    await expect(addToBatch(id, again)).rejects.toBeInstanceOf(BatchConflict);
    // Job 0 and k0…k4 still run and still count.
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 8, pendingJobs: 6, finished: false });
    openGate(tag);
    const { b } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 8, pendingJobs: 0, succeededJobs: 8, cancelledJobs: 0, finished: true, cancelled: true });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally"]);
  });
});

describe("a cancel lands after the first chunks of an add were pushed", () => {
  it("the pushed chunk stays (its jobs not started yet skip their work), the registered unpushed ids are taken back; finally once, no then", async () => {
    const tag = uniqueName("cancel-after-push");
    const id = await runningBatch(tag, { allowFailures: true });
    // Chunks 1 and 2 of 3 are registered at once; chunk 1 is pushed once chunk 2 is registered. The third
    // registration waits for the cancel, which lands after chunk 1 was pushed (its 1,000 jobs are counted).
    const queue = getQueue(QUEUE);
    const addBulk = vi.spyOn(queue, "addBulk");
    const r = batchRedis();
    const original = r.syBatchAdd.bind(r);
    let calls = 0;
    vi.spyOn(r, "syBatchAdd").mockImplementation(async (...args: Parameters<typeof r.syBatchAdd>) => {
      if (++calls < 3) return original(...args);
      await waitFor(() => addBulk.mock.calls.length >= 1 && addBulk.mock.results[0].type === "return");
      await addBulk.mock.results[0].value;
      expect(await cancelBatch(id)).toBe(true);
      return original(...args);
    });
    await expect(addToBatch(id, bigAdd(tag))).rejects.toBeInstanceOf(BatchConflict);
    expect(addBulk).toHaveBeenCalledTimes(1); // chunk 2 waits for chunk 3's registration, which is refused
    // Job 0 (at its gate) and chunk 1's 1,000 jobs count; chunk 2's ids were taken back, chunk 3's never registered.
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 1003, cancelled: true, finished: false });
    openGate(tag);
    const { b, row } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 1003, pendingJobs: 0, failedJobs: 0, finished: true, cancelled: true });
    // The worker may start some of chunk 1 before the cancel lands; every other job of it skips its work.
    expect(b.succeededJobs + b.cancelledJobs).toBe(1003);
    expect(b.cancelledJobs).toBeGreaterThan(0);
    expect(row).toMatchObject({ totalJobs: 1003, pendingJobs: 0 });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBe(b.succeededJobs); // a skipped job never ran its handler
  });
});

describe("a cancel lands in the first add of an empty batch", () => {
  it("taking the ids back leaves a cancelled batch with nothing pending: it finishes (finally once, no then), in PostgreSQL", async () => {
    const tag = uniqueName("cancel-empty-add");
    const id = await createBatch({ name: `Empty ${tag}`, queue: QUEUE, ...callbacks });
    // The first chunk's 1,000 ids are pending when the cancel lands, so the cancel cannot finish the batch;
    // the take-back of those ids must.
    betweenRegistrationChunks(async () => {
      expect(await cancelBatch(id)).toBe(true);
      expect(await batchProgress(id)).toMatchObject({ totalJobs: 1000, pendingJobs: 1000, finished: false });
    });
    await expect(addToBatch(id, bigAdd(tag))).rejects.toBeInstanceOf(BatchConflict);
    const { b, row } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: true, cancelled: true });
    expect(b.callbacks.finally).toMatchObject({ claimedBy: expect.stringMatching(/^take-back:/), error: null });
    expect(row).toMatchObject({ totalJobs: 0, pendingJobs: 0 });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBeUndefined();
  });
});

describe("a push fails and its ids are taken back", () => {
  it("taking pending to 0 finishes the batch like a completed job would: then and finally once each, copied to PostgreSQL", async () => {
    const tag = uniqueName("push-fails");
    const id = await runningBatch(tag);
    const queue = getQueue(QUEUE);
    const addBulk = vi.spyOn(queue, "addBulk").mockImplementationOnce(async () => {
      // The batch's last running job completes before the push fails: the 5 new ids are all that is pending.
      openGate(tag);
      await waitFor(async () => (await batchProgress(id))?.pendingJobs === 5);
      throw new Error("push failed (injected)");
    });
    await expect(addToBatch(id, Array.from({ length: 5 }, (_, n) => batchJob(Work, { tag, n: 10 + n })))).rejects.toThrow("push failed (injected)");
    expect(addBulk).toHaveBeenCalledTimes(1);
    const { b, row } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 3, pendingJobs: 0, succeededJobs: 3, progress: 100, finished: true, cancelled: false });
    expect(b.callbacks.then?.doneAt).toEqual(expect.any(Number));
    expect(row).toMatchObject({ totalJobs: 3, pendingJobs: 0, cancelledAt: null });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally", "then"]);
    expect(ran.get(tag)).toBe(3);
    // Finished for good: a later add is refused, and nothing fires again.
    await expect(addToBatch(id, [batchJob(Work, { tag, n: 99 })])).rejects.toBeInstanceOf(BatchConflict);
    await sleep(200);
    expect(kindsOf(id)).toEqual(["finally", "then"]);
  });

  it("pushes overlap: a chunk that fails after a later chunk was pushed takes back only its own ids, the later chunk's jobs run and count", async () => {
    const tag = uniqueName("push-fails-overlap");
    const id = await runningBatch(tag);
    const queue = getQueue(QUEUE);
    // Chunk 1 of 3 (1,000 jobs each) fails late: chunk 2 answers first, so chunk 3 goes out before the failure is known.
    const addBulk = vi.spyOn(queue, "addBulk").mockImplementationOnce(async () => {
      await sleep(300);
      throw new Error("push failed (injected)");
    });
    await expect(addToBatch(id, Array.from({ length: 3000 }, (_, n) => batchJob(Work, { tag, n: 5000 + n })))).rejects.toThrow("push failed (injected)");
    expect(addBulk).toHaveBeenCalledTimes(3);
    // Chunks 2 and 3 are in the queue and counted; chunk 1's ids were taken back.
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 2003, finished: false });
    openGate(tag);
    const { b } = await finishedEverywhere(id);
    expect(b).toMatchObject({ totalJobs: 2003, pendingJobs: 0, succeededJobs: 2003, progress: 100, finished: true, cancelled: false });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally", "then"]);
    expect(ran.get(tag)).toBe(2003);
  });

  it("an empty batch whose first add fails stays open (not finished, no callbacks), as an empty batch does", async () => {
    const tag = uniqueName("push-fails-empty");
    const id = await createBatch({ name: `Empty ${tag}`, queue: QUEUE, ...callbacks });
    vi.spyOn(getQueue(QUEUE), "addBulk").mockRejectedValueOnce(new Error("push failed (injected)"));
    await expect(addToBatch(id, [batchJob(Work, { tag, n: 1 })])).rejects.toThrow("push failed (injected)");
    await sleep(200);
    expect(await findBatch(id)).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: false });
    expect(kindsOf(id)).toEqual([]);
    // It still takes jobs and finishes after them.
    await addToBatch(id, [batchJob(Work, { tag, n: 2 })]);
    await finishedEverywhere(id);
    await sleep(200);
    expect(kindsOf(id)).toEqual(["finally", "then"]);
  });
});
