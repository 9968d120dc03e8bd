// Jobs added without a key are registered as a range of the batch's numbers (add-jobs-2,
// scripts/job-state.ts), not id by id: each still counts exactly once, a taken-back one never
// counts, and adds running at once never share a number.
import { afterAll, expect, it } from "vitest";
import { closeQueues } from "../index";
import { uniqueName } from "../test-support";
import { generatedJobId, keyedJobId } from "./batch-ids";
import { beginJob, createBatchState, readBatchState, recordOutcome, registerJobIdChunks, removeJobIds } from "./batch-store";

afterAll(() => closeQueues());

async function newBatch(): Promise<string> {
  const id = uniqueName("ranges");
  await createBatchState({ id, name: id, queue: "default", connection: "redis", allowFailures: true, createdAt: Date.now(), callbacks: {} });
  return id;
}

const counts = async (id: string) => (await readBatchState(id))!.record;

it("adds at once get disjoint ranges; a job of one reads pending, is recorded once; a number never handed out is unknown", async () => {
  const id = await newBatch();
  const [a, b] = await Promise.all([
    registerJobIdChunks(id, [{ keyed: [], generated: 3 }], ["default"])[0],
    registerJobIdChunks(id, [{ keyed: [keyedJobId(id, "k")], generated: 2 }], ["default"])[0],
  ]);
  const all = [...a.generated, ...b.generated];
  expect([...all].sort()).toEqual([0, 1, 2, 3, 4].map((n) => generatedJobId(id, n)).sort());
  expect(b.fresh).toEqual([keyedJobId(id, "k"), ...b.generated]);
  expect(await counts(id)).toMatchObject({ totalJobs: 6, pendingJobs: 6 });

  const outside = generatedJobId(id, 5);
  expect(await beginJob(id, all[0])).toMatchObject({ state: "p" });
  expect(await beginJob(id, outside)).toMatchObject({ state: "" });
  expect(await recordOutcome(id, all[0], "ok")).toMatchObject({ status: "recorded", previous: "p", pending: 5 });
  expect(await recordOutcome(id, all[0], "ok")).toMatchObject({ status: "already", previous: "ok" });
  expect(await recordOutcome(id, all[1], "f", "boom")).toMatchObject({ status: "recorded", previous: "p", pending: 4 });
  expect(await recordOutcome(id, outside, "ok")).toMatchObject({ status: "unknown" });
  expect(await beginJob(id, all[0])).toMatchObject({ state: "ok" });
  expect(await counts(id)).toMatchObject({ totalJobs: 6, pendingJobs: 4, failedJobs: 1 });
});

it("a taken-back job of a range leaves the counts once, and is not counted if it runs after all", async () => {
  const id = await newBatch();
  const [r] = await Promise.all(registerJobIdChunks(id, [{ keyed: [], generated: 3 }], ["default"]));
  const back = r.generated[2];
  expect((await removeJobIds(id, [back])).removed).toBe(1);
  expect((await removeJobIds(id, [back])).removed).toBe(0);
  expect(await counts(id)).toMatchObject({ totalJobs: 2, pendingJobs: 2 });
  // Its push was reported failed but went through: the job runs, outside the batch.
  expect(await beginJob(id, back)).toMatchObject({ state: "" });
  expect(await recordOutcome(id, back, "ok")).toMatchObject({ status: "unknown" });
  expect(await counts(id)).toMatchObject({ totalJobs: 2, pendingJobs: 2 });
});
