// Issue 6 §7: automatic and explicit tags, search by tag, and monitored tags whose
// jobs outlive the completed window (kept for trim.monitored = 7 days), plus the
// admin routes (monitor/unmonitor with an AuditLog row). Clock injected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as listRoute } from "@/app/api/tags/route";
import { GET as jobsRoute } from "@/app/api/tags/jobs/route";
import { POST as monitorRoute } from "@/app/api/tags/monitor/route";
import { POST as unmonitorRoute } from "@/app/api/tags/unmonitor/route";
import { prisma } from "../db/client";
import { attachMetrics } from "../metrics/attach";
import { flushRecordings } from "../metrics/record-job";
import { closeMetricsRedis, metricsRedis } from "../metrics/redis";
import { get, removeUsers, signedInUser, uniqueName, waitFor, type TestUser } from "../metrics/test-support";
import { trimAll } from "../metrics/trim";
import { closeQueues, createQueueWorker, defineJob, dispatch, getQueue, type QueueWorker } from "../queue";
import { listMonitoredTags, monitoredJobs, monitorTag, unmonitorTag } from "./monitoring";
import { searchByTag } from "./search";
import { jobMember, tagKeys } from "./tag-keys";

const MIN = 60_000;
const QUEUE = "default";

const job = defineJob({
  name: uniqueName("TagProbe"), queue: QUEUE, tries: 1, tags: ["billing"],
  payload: z.object({ customer: z.object({ id: z.number() }), call_id: z.string().optional(), note: z.string() }),
  handle: () => "ok",
});

let worker: QueueWorker;
/** Jobs whose completed/failed event has fired (so their metrics were handed to the recorder). */
const seen = new Set<string>();
let admin: TestUser;
let viewer: TestUser;

async function runJobs(payloads: z.input<typeof job.payload>[]): Promise<{ ids: string[]; lastFinish: number }> {
  const ids = await Promise.all(payloads.map((p) => dispatch(job, p)));
  const finished = await waitFor(async () => {
    const times = await Promise.all(ids.map(async (id) => (await getQueue(QUEUE).getJob(id))?.finishedOn));
    return times.every(Boolean) ? (times as number[]) : undefined;
  });
  await waitFor(() => ids.every((id) => seen.has(id)));
  await flushRecordings();
  return { ids, lastFinish: Math.max(...finished) };
}

const post = (url: string, body: unknown, cookie: string) =>
  new Request(`http://127.0.0.1:3100${url}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: "http://127.0.0.1:3100" },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  worker = createQueueWorker(QUEUE, { concurrency: 5, onFinalFailure: async () => {} });
  attachMetrics(worker);
  // Registered after attachMetrics: when these fire, the job is already in the recording buffer.
  worker.on("completed", (j) => seen.add(j.id!));
  worker.on("failed", (j) => j && seen.add(j.id!));
  [admin, viewer] = await Promise.all([signedInUser("ADMIN"), signedInUser("VIEWER")]);
});

afterAll(async () => {
  await worker.close();
  await prisma().auditLog.deleteMany({ where: { actorId: { in: [admin.id, viewer.id] } } });
  await removeUsers([admin, viewer]);
  await closeMetricsRedis();
  await closeQueues();
});

describe("tags", () => {
  it("indexes automatic (customer:, call:) and explicit (billing) tags; search finds the jobs", async () => {
    const { ids } = await runJobs([
      { customer: { id: 7 }, call_id: "abc", note: "one" },
      { customer: { id: 7 }, note: "two" },
      { customer: { id: 8 }, note: "three" },
    ]);
    const byCustomer = await searchByTag("customer:7");
    expect(byCustomer.total).toBe(2);
    expect(byCustomer.jobs.map((j) => j.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(byCustomer.jobs[0]).toMatchObject({ status: "completed", source: "queue", name: job.name, queue: QUEUE });
    expect((await searchByTag("call:abc")).jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect((await searchByTag("billing")).total).toBeGreaterThanOrEqual(3);
  });

  it("a monitored tag keeps its jobs past the completed window, until the monitored window ends", async () => {
    await monitorTag("customer:900", "tests@switchyard.test");
    const { ids, lastFinish } = await runJobs([
      { customer: { id: 900 }, note: "kept-1" },
      { customer: { id: 900 }, note: "kept-2" },
      { customer: { id: 901 }, note: "not monitored" },
    ]);
    expect(await listMonitoredTags()).toContainEqual(expect.objectContaining({ tag: "customer:900", jobs: 2, by: "tests@switchyard.test" }));

    // 61 minutes later: BullMQ's completed window (60 min) has removed every one of them...
    const later = lastFinish + 61 * MIN;
    const trimmed = await trimAll({ now: later, queues: [QUEUE], skipArchive: true });
    expect(trimmed.completed).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(await getQueue(QUEUE).getJob(id)).toBeUndefined();
    expect((await searchByTag("customer:901", { now: later })).total).toBe(0);
    // ...but the monitored tag still lists its two jobs, with their payloads.
    const kept = await monitoredJobs("customer:900", { now: later });
    expect(kept.total).toBe(2);
    expect(kept.jobs.map((j) => j.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(kept.jobs.map((j) => (j.payload as { note: string }).note).sort()).toEqual(["kept-1", "kept-2"]);
    expect(kept.jobs[0]).toMatchObject({ status: "completed", queue: QUEUE, name: job.name });

    // One minute before 7 days nothing more goes; at 7 days the list and the copies go.
    await trimAll({ now: lastFinish + 10080 * MIN - MIN, queues: [QUEUE], skipArchive: true });
    expect((await monitoredJobs("customer:900", { now: lastFinish + 10080 * MIN - MIN })).total).toBe(2);
    const end = await trimAll({ now: lastFinish + 10080 * MIN, queues: [QUEUE], skipArchive: true });
    expect(end.monitored).toBe(2);
    expect((await monitoredJobs("customer:900", { now: lastFinish + 10080 * MIN })).total).toBe(0);
    expect(await metricsRedis().exists(tagKeys.jobCopy(jobMember(QUEUE, ids[0])))).toBe(0);
    await unmonitorTag("customer:900");
  });

  it("monitoring a tag copies the jobs it already has in the recent index", async () => {
    const { ids } = await runJobs([{ customer: { id: 950 }, note: "before monitoring" }]);
    const { backfilled } = await monitorTag("customer:950", "tests@switchyard.test");
    expect(backfilled).toBe(1);
    expect((await monitoredJobs("customer:950")).jobs.map((j) => j.id)).toEqual(ids);
    const { removed } = await unmonitorTag("customer:950");
    expect(removed).toBe(1);
    expect((await listMonitoredTags()).map((t) => t.tag)).not.toContain("customer:950");
  });
});

describe("tag routes", () => {
  it("only an admin may monitor; each change writes an AuditLog row; viewers list and search", async () => {
    expect((await monitorRoute(post("/api/tags/monitor", { tag: "customer:970" }, viewer.cookie))).status).toBe(403);
    const res = await monitorRoute(post("/api/tags/monitor", { tag: "customer:970" }, admin.cookie));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ monitored: true, tag: "customer:970" });
    expect((await monitorRoute(post("/api/tags/monitor", { tag: "has space" }, admin.cookie))).status).toBe(400);

    const { ids } = await runJobs([{ customer: { id: 970 }, note: "via route" }]);
    const list = (await (await listRoute(get("/api/tags?prefix=customer:", { cookie: viewer.cookie }))).json()) as {
      monitored: { tag: string; jobs: number }[]; recent: string[];
    };
    expect(list.monitored).toContainEqual(expect.objectContaining({ tag: "customer:970", jobs: 1 }));
    expect(list.recent).toContain("customer:970");
    const found = (await (await jobsRoute(get("/api/tags/jobs?tag=customer:970&kind=monitored", { cookie: viewer.cookie }))).json()) as {
      jobs: { id: string }[];
    };
    expect(found.jobs.map((j) => j.id)).toEqual(ids);

    expect((await unmonitorRoute(post("/api/tags/unmonitor", { tag: "customer:970" }, admin.cookie))).status).toBe(200);
    const audit = await prisma().auditLog.findMany({ where: { actorId: admin.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.target])).toEqual([["tag.monitor", "tag:customer:970"], ["tag.unmonitor", "tag:customer:970"]]);
  });
});
