// Issue 6 §7 through the production path: a job processed by the real `workers`
// process (master → supervisor → worker process, the runtime's `finished` hook →
// lib/metrics/record-job.ts) is indexed under its explicit and automatic tags, and a
// monitored tag keeps its jobs after BullMQ's completed window removed them.
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "@/workers/testing/harness";
import { closeMetricsRedis } from "../metrics/redis";
import { trimAll } from "../metrics/trim";
import { BACKOFF_TYPE, closeQueues, dispatch, getQueue } from "../queue";
import { taggedJob } from "../metrics/fixtures/tagged-jobs";
import { monitoredJobs, monitorTag, unmonitorTag } from "./monitoring";
import { searchByTag } from "./search";

const ROOT = path.resolve(import.meta.dirname, "../..");
const JOB_MODULES = ["workers/testing/fixture-jobs.ts", "lib/metrics/fixtures/tagged-jobs.ts"].map((p) => path.join(ROOT, p)).join(",");
const MIN = 60_000;

afterAll(async () => {
  destroyAllWorkers();
  await closeMetricsRedis();
  await closeQueues();
});

const ids = async (tag: string, now?: number) => (await searchByTag(tag, { now })).jobs.map((j) => j.id).sort();

it("jobs worked by the workers process are indexed under their tags; a monitored tag keeps them past the completed window", async () => {
  // Monitored before the workers start, so their first read of the monitored set sees it.
  await monitorTag("company:12", "tests@switchyard.test");
  const w = startWorkers({
    override: supervisors({ main: { queue: ["default"], balance: false, processes: 1 } }),
    env: { SWITCHYARD_JOB_MODULES: JOB_MODULES },
  });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 120_000, "a worker process");

  const a = await dispatch(taggedJob, { company_id: 12, customer: { id: 7 }, call_id: "abc", note: "a" });
  const b = await dispatch(taggedJob, { company_id: 13, customer: { id: 8 }, note: "b" });
  // Enqueued by another producer, without meta.tags: the worker tags it from its payload at finish.
  const raw = (await getQueue("default").add(taggedJob.name, { payload: { company_id: 12, note: "raw" }, meta: { dispatchedAt: Date.now() } }, { attempts: 1, backoff: { type: BACKOFF_TYPE } })).id!;
  expect((await getQueue("default").getJob(a))!.data.meta.tags).toEqual(["fixture", "note:a", "company:12", "customer:7", "call:abc"]);

  const finished = await waitFor(async () => {
    const jobs = await Promise.all([a, b, raw].map((id) => getQueue("default").getJob(id)));
    return jobs.every((j) => j?.finishedOn && j.returnvalue) ? jobs.map((j) => j!.finishedOn!) : null;
  }, 60_000, "the three jobs completed");
  // The worker writes its measurements and tag entries within a second of the finish.
  await waitFor(async () => (await ids("company:12")).length === 2, 10_000, "company:12 indexed");

  expect(await ids("company:12")).toEqual([a, raw].sort());
  expect(await ids("company:13")).toEqual([b]);
  expect(await ids("customer:7")).toEqual([a]);
  expect(await ids("call:abc")).toEqual([a]);
  expect(await ids("fixture")).toEqual([a, b].sort());
  expect(await ids("note:b")).toEqual([b]);
  expect(await ids("note:raw")).toEqual([]); // explicit tags come from dispatch only
  const hit = (await searchByTag("customer:7")).jobs[0];
  expect(hit).toMatchObject({ id: a, status: "completed", source: "queue", name: taggedJob.name, tags: ["fixture", "note:a", "company:12", "customer:7", "call:abc"] });
  expect((await monitoredJobs("company:12")).jobs.map((j) => j.id).sort()).toEqual([a, raw].sort());
  expect(await w.stop()).toBe(0);

  // 61 minutes later BullMQ's completed window (60 min) has removed the jobs...
  const later = Math.max(...finished) + 61 * MIN;
  await trimAll({ now: later, queues: ["default"], skipArchive: true });
  for (const id of [a, b, raw]) expect(await getQueue("default").getJob(id)).toBeUndefined();
  expect(await ids("customer:7", later)).toEqual([]);
  // ...but the monitored tag still lists its two, with their payloads and tags.
  const kept = await monitoredJobs("company:12", { now: later });
  expect(kept.total).toBe(2);
  expect(kept.jobs.map((j) => (j.payload as { note: string }).note).sort()).toEqual(["a", "raw"]);
  expect(kept.jobs.find((j) => j.id === a)).toMatchObject({ status: "completed", queue: "default", name: taggedJob.name, tags: ["fixture", "note:a", "company:12", "customer:7", "call:abc"] });
  await unmonitorTag("company:12");
}, 180_000);
