// Issue 5 follow-up: cancelling a batch that has nothing pending — the seed's
// `Bus::batch([])->dispatch()` before its add loop, or one whose adds were all taken
// back — finishes it at once (finishedAt, finally once, no then, copied to PostgreSQL),
// since no job will ever come to finish it. And a cancelled batch takes no new jobs.
// Real Redis + PostgreSQL, one BullMQ worker in this process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../../db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, type QueueWorker } from "../index";
import { createGates, sleep, uniqueName, waitFor } from "../test-support";
import {
  addToBatch, batchJob, BatchConflict, batchProgress, cancelBatch, createBatch, findBatch,
} from "./index";
import { recordingCallbacks } from "./recording-callbacks";

const QUEUE = "default";
let worker: QueueWorker;

const { callbacks, kindsOf } = recordingCallbacks("cancel");

const ran = new Map<string, number>();
const gate = createGates();
const Work = defineJob({
  name: uniqueName("cancel-work"),
  queue: QUEUE,
  payload: z.object({ tag: z.string(), n: z.number(), gated: z.boolean().default(false) }),
  async handle({ payload }) {
    ran.set(payload.tag, (ran.get(payload.tag) ?? 0) + 1);
    if (payload.gated) await gate(payload.tag).promise;
    return payload.n;
  },
});

const pgRow = (id: string) =>
  waitFor(() => prisma().batch.findUnique({ where: { id } }).then((r) => (r?.finishedAt ? r : undefined)), 10_000);

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 5 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

describe("cancelling a batch with nothing pending", () => {
  it("an empty batch (created without jobs) finishes on cancel: finishedAt, finally once, no then, in PostgreSQL", async () => {
    const tag = uniqueName("cancel-empty");
    const id = await createBatch({ name: `Empty ${tag}`, queue: QUEUE, allowFailures: true, ...callbacks });
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: false });

    expect(await cancelBatch(id)).toBe(true);
    // Finished by the cancel itself, and its finally ran before cancelBatch returned.
    const b = await findBatch(id);
    expect(b).toMatchObject({ totalJobs: 0, pendingJobs: 0, progress: 0, finished: true, cancelled: true });
    expect(b!.finishedAt).toEqual(expect.any(Number));
    expect(b!.finishedAt).toBeGreaterThanOrEqual(b!.cancelledAt!);
    expect(b!.callbacks.finally).toMatchObject({ claimedBy: expect.stringMatching(/^cancel:/), doneAt: expect.any(Number), error: null });
    expect(b!.callbacks.then).toMatchObject({ claimedBy: null, doneAt: null });
    expect(kindsOf(id)).toEqual(["finally"]);

    const row = await pgRow(id);
    expect(row).toMatchObject({ totalJobs: 0, pendingJobs: 0 });
    expect(row.cancelledAt).toBeInstanceOf(Date);
    expect((row.callbacks as { finally?: { doneAt: number | null } }).finally?.doneAt).toEqual(expect.any(Number));

    // A second cancel is "already cancelled", not a second finish; finally does not fire again.
    expect(await cancelBatch(id)).toBe(false);
    await expect(addToBatch(id, [batchJob(Work, { tag, n: 1 })])).rejects.toBeInstanceOf(BatchConflict);
    await sleep(300); // a late duplicate callback, or the refused job, would show up now
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBeUndefined();
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 0, pendingJobs: 0, finished: true });
  });

  it("two cancels at once on an empty batch: one cancels (and finishes), finally runs once", async () => {
    const tag = uniqueName("cancel-empty-race");
    const id = await createBatch({ name: `Race ${tag}`, queue: QUEUE, ...callbacks });
    const results = await Promise.all([cancelBatch(id), cancelBatch(id), cancelBatch(id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await waitFor(async () => (await findBatch(id))?.callbacks.finally?.doneAt);
    await sleep(200);
    expect(kindsOf(id)).toEqual(["finally"]);
  });
});

describe("adding to a cancelled batch", () => {
  it("is refused while its running job finishes; counters unchanged; finally once after that job", async () => {
    const tag = uniqueName("add-cancelled");
    const id = await createBatch({
      name: `Add cancelled ${tag}`, queue: QUEUE, ...callbacks,
      jobs: [batchJob(Work, { tag, n: 0, gated: true })],
    });
    await waitFor(() => ran.get(tag) === 1);
    expect(await cancelBatch(id)).toBe(true);
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 1, pendingJobs: 1, finished: false, cancelled: true });

    await expect(addToBatch(id, [batchJob(Work, { tag, n: 1 }), batchJob(Work, { tag, n: 2 })])).rejects.toBeInstanceOf(BatchConflict);
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 1, pendingJobs: 1, finished: false });

    gate(tag).open();
    const b = await waitFor(async () => {
      const s = await findBatch(id);
      return s?.finished && s.callbacks.finally?.doneAt ? s : undefined;
    });
    expect(b).toMatchObject({ totalJobs: 1, pendingJobs: 0, succeededJobs: 1, cancelled: true });
    await sleep(300);
    expect(kindsOf(id)).toEqual(["finally"]);
    expect(ran.get(tag)).toBe(1); // the refused jobs never ran
  });
});
