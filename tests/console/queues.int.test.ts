// Route handlers of the Queues and Job screens against real Redis + PostgreSQL:
// queue discovery, cursor pagination, search, job detail, and every mutation's
// guard and audit entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueue } from "@/lib/queue";
import { consoleRedis } from "@/lib/console/redis";
import { resetQueueDiscovery } from "@/lib/console/queue-list";
import { GET as listQueues } from "@/app/api/queues/route";
import { GET as queueDetail } from "@/app/api/queues/[name]/route";
import { GET as listJobs } from "@/app/api/queues/[name]/jobs/route";
import { POST as pause } from "@/app/api/queues/[name]/pause/route";
import { POST as resume } from "@/app/api/queues/[name]/resume/route";
import { GET as cleanPreview, POST as clean } from "@/app/api/queues/[name]/clean/route";
import { GET as jobDetail } from "@/app/api/jobs/[queue]/[id]/route";
import { GET as jobPayload } from "@/app/api/jobs/[queue]/[id]/payload/route";
import { POST as retryJob } from "@/app/api/jobs/[queue]/[id]/retry/route";
import { POST as removeJob } from "@/app/api/jobs/[queue]/[id]/remove/route";
import { POST as promoteJob } from "@/app/api/jobs/[queue]/[id]/promote/route";
import { auditOf, call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

let admin: TestUser;
let viewer: TestUser;

const data = (payload: unknown) => ({ payload, meta: { dispatchedAt: Date.now() } });

beforeAll(async () => {
  admin = await createUser("ADMIN");
  viewer = await createUser("VIEWER");
});

afterAll(closeConsoleTest);

describe("GET /api/queues", () => {
  it("lists configured queues and marks a queue found only in Redis", async () => {
    await getQueue("legacy-imports").add("OldJob", data({ n: 1 }));
    await getQueue("emails").add("SendEmail", data({ to: "a@example.test" }));
    resetQueueDiscovery();
    const res = await call(listQueues, "GET", "/api/queues", { user: viewer });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.queues.map((q: any) => [q.name, q]));
    expect(byName.emails).toMatchObject({ configured: true, counts: { waiting: 1 } });
    expect(byName["legacy-imports"]).toMatchObject({ configured: false, counts: { waiting: 1 } });
    expect(byName.default.configured).toBe(true);
  });

  it("refuses anonymous callers and unknown queues", async () => {
    expect((await call(listQueues, "GET", "/api/queues")).status).toBe(401);
    const res = await call(queueDetail, "GET", "/api/queues/nope", { user: viewer, params: { name: "nope" } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("queue_not_found");
  });
});

describe("GET /api/queues/:name/jobs", () => {
  const Q = "low";
  beforeAll(async () => {
    const queue = getQueue(Q);
    await queue.addBulk(Array.from({ length: 60 }, (_, i) => ({ name: i % 2 ? "GenerateReport" : "SendDigest", data: data({ n: i, tag: `item-${i}` }) })));
  });

  it("pages through the waiting list with a cursor, no job twice and none missed", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(listJobs, "GET", `/api/queues/${Q}/jobs`, { user: viewer, params: { name: Q }, query: { state: "waiting", limit: 25, cursor } });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(60);
      seen.push(...res.body.rows.map((r: any) => r.id));
      cursor = res.body.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
  });

  it("keeps its place when new jobs arrive at the head meanwhile", async () => {
    const first = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", limit: 10 } });
    await getQueue(Q).addBulk(Array.from({ length: 5 }, (_, i) => ({ name: "Late", data: data({ late: i }) })));
    const second = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", limit: 10, cursor: first.body.nextCursor } });
    const firstIds = first.body.rows.map((r: any) => r.id);
    const secondIds = second.body.rows.map((r: any) => r.id);
    expect(secondIds.filter((id: string) => firstIds.includes(id))).toEqual([]);
    // The page continues right after the anchor: the job that followed it before still follows it.
    expect(Number(secondIds[0])).toBe(Number(firstIds.at(-1)) - 1);
  });

  it("answers a row summary, with payload text as a preview", async () => {
    const res = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", limit: 1 } });
    const row = res.body.rows[0];
    expect(row).toMatchObject({ state: "waiting", attemptsMade: 0 });
    expect(typeof row.dataPreview).toBe("string");
    expect(row.dataBytes).toBeGreaterThan(10);
  });

  it("searches by id, by name and by payload text", async () => {
    const byId = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", q: "7", field: "id" } });
    expect(byId.body.rows.map((r: any) => r.id)).toEqual(["7"]);
    const byName = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", q: "generatereport", field: "name", limit: 100 } });
    expect(byName.body.rows).toHaveLength(30);
    expect(byName.body.exhausted).toBe(true);
    const byPayload = await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting", q: "item-42", field: "payload" } });
    expect(byPayload.body.rows).toHaveLength(1);
    expect(byPayload.body.rows[0].dataPreview).toContain("item-42");
  });

  it("rejects a forged cursor and an unknown state", async () => {
    expect((await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { cursor: "bm90IGpzb24" } })).body.error.code).toBe("invalid_cursor");
    expect((await call(listJobs, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "gone" } })).status).toBe(400);
  });
});

describe("queue mutations", () => {
  const Q = "sms";

  it("pause and resume: admin only, POST only, audited", async () => {
    expect((await call(pause, "POST", "/x", { user: viewer, params: { name: Q } })).status).toBe(403);
    expect((await call(pause, "POST", "/x", { user: admin, params: { name: Q }, headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await call(pause, "POST", "/x", { user: admin, params: { name: Q } })).status).toBe(200);
    expect(await getQueue(Q).isPaused()).toBe(true);
    const paused = await call(queueDetail, "GET", "/x", { user: viewer, params: { name: Q } });
    expect(paused.body.paused).toBe(true);
    expect((await call(resume, "POST", "/x", { user: admin, params: { name: Q } })).status).toBe(200);
    expect(await getQueue(Q).isPaused()).toBe(false);
    const actions = (await auditOf(admin)).map((a) => [a.action, a.target]);
    expect(actions).toEqual(expect.arrayContaining([["queue.pause", `queue:${Q}`], ["queue.resume", `queue:${Q}`]]));
  });

  it("lists a paused queue's waiting jobs under paused", async () => {
    await getQueue("reports").add("R", data({}));
    await getQueue("reports").pause();
    const res = await call(listJobs, "GET", "/x", { user: viewer, params: { name: "reports" }, query: { state: "paused" } });
    expect(res.body.rows).toHaveLength(1);
    await getQueue("reports").resume();
    const after = await call(listJobs, "GET", "/x", { user: viewer, params: { name: "reports" }, query: { state: "paused" } });
    expect(after.body.rows).toHaveLength(0);
  });

  it("clean: says how many jobs it affects, removes them in chunks, audits the count", async () => {
    await getQueue(Q).addBulk(Array.from({ length: 1_200 }, (_, i) => ({ name: "Sms", data: data({ i }) })));
    const preview = await call(cleanPreview, "GET", "/x", { user: viewer, params: { name: Q }, query: { state: "waiting" } });
    expect(preview.body.affects).toBe(1_200);
    expect((await call(clean, "POST", "/x", { user: viewer, params: { name: Q }, body: { state: "waiting" } })).status).toBe(403);
    const res = await call(clean, "POST", "/x", { user: admin, params: { name: Q }, body: { state: "waiting" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ removed: 1_200, remaining: 0, done: true });
    expect(await getQueue(Q).getWaitingCount()).toBe(0);
    const entry = (await auditOf(admin)).find((a) => a.action === "queue.clean");
    expect(entry?.details).toMatchObject({ state: "waiting", removed: 1_200 });
  });

  it("clean takes waiting jobs off the tail, hands deduplicated ones to BullMQ, and leaves no job keys behind", async () => {
    const Q2 = "billing";
    const queue = getQueue(Q2);
    await queue.addBulk(Array.from({ length: 300 }, (_, i) => ({ name: "B", data: data({ i }) })));
    const dedup = await queue.add("Dedup", data({}), { deduplication: { id: "console-dedup" } });
    await queue.addBulk(Array.from({ length: 300 }, (_, i) => ({ name: "B", data: data({ i }) })));
    const res = await call(clean, "POST", "/x", { user: admin, params: { name: Q2 }, body: { state: "waiting" } });
    expect(res.body).toEqual({ removed: 601, remaining: 0, done: true });
    expect(await queue.getJob(dedup.id!)).toBeUndefined();
    expect(await queue.getDeduplicationJobId("console-dedup")).toBeNull();
    const [, keys] = await consoleRedis().scan("0", "MATCH", `${queue.toKey("")}[0-9]*`, "COUNT", 10_000);
    expect(keys).toEqual([]);
  });

  it("clean keeps waiting jobs newer than the grace period", async () => {
    const Q3 = "bookings";
    await getQueue(Q3).addBulk(Array.from({ length: 10 }, (_, i) => ({ name: "B", data: data({ i }) })));
    const res = await call(clean, "POST", "/x", { user: admin, params: { name: Q3 }, body: { state: "waiting", graceMs: 3_600_000 } });
    expect(res.body).toMatchObject({ removed: 0 });
    expect(await getQueue(Q3).getWaitingCount()).toBe(10);
  });
});

describe("job detail and job actions", () => {
  const Q = "default";

  it("returns a 5 MB payload as a truncated preview and whole on request", async () => {
    const big = { blob: "x".repeat(5 * 1024 * 1024), note: "<script>alert(1)</script>" };
    const job = await getQueue(Q).add("BigJob", data(big));
    const res = await call(jobDetail, "GET", "/x", { user: viewer, params: { queue: Q, id: job.id! } });
    expect(res.status).toBe(200);
    expect(res.body.payloadTruncated).toBe(true);
    expect(res.body.payloadBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(res.text.length).toBeLessThan(50_000);
    const blob = res.body.payload.entries.find(([k]: [string]) => k === "blob")[1];
    expect(blob.more).toBeGreaterThan(5_000_000);
    // Markup travels as data; the screen renders it as text.
    expect(res.body.payload.entries.find(([k]: [string]) => k === "note")[1].v).toBe("<script>alert(1)</script>");
    const whole = await call(jobPayload, "GET", "/x", { user: viewer, params: { queue: Q, id: job.id! } });
    expect(whole.body.blob).toHaveLength(5 * 1024 * 1024);
  });

  it("shows the timeline of a job that ran", async () => {
    const job = await getQueue(Q).add("Timed", data({}), { delay: 0 });
    const now = Date.now();
    await consoleRedis().hset(getQueue(Q).toKey(job.id!), "processedOn", now - 500, "finishedOn", now);
    const res = await call(jobDetail, "GET", "/x", { user: viewer, params: { queue: Q, id: job.id! } });
    expect(res.body.timeline.map((s: any) => s.step)).toEqual(["created", "waited", "ran", "completed"]);
    expect(res.body.timeline[2].durationMs).toBe(500);
  });

  it("promote, retry and remove are admin-only and audited", async () => {
    const delayed = await getQueue(Q).add("Later", data({}), { delay: 3_600_000 });
    const params = { queue: Q, id: delayed.id! };
    expect((await call(promoteJob, "POST", "/x", { user: viewer, params })).status).toBe(403);
    expect((await call(promoteJob, "POST", "/x", { user: admin, params })).status).toBe(200);
    expect(await getQueue(Q).getJobState(delayed.id!)).toBe("waiting");
    // Retrying a waiting job is a conflict, not a silent no-op.
    const conflict = await call(retryJob, "POST", "/x", { user: admin, params });
    expect(conflict.status).toBe(409);

    const failed = await getQueue(Q).add("Broken", data({}));
    const client = consoleRedis();
    await client.lrem(getQueue(Q).toKey("wait"), 0, failed.id!);
    await client.zadd(getQueue(Q).toKey("failed"), Date.now(), failed.id!);
    await client.hset(getQueue(Q).toKey(failed.id!), "failedReason", "boom", "finishedOn", Date.now());
    expect((await call(retryJob, "POST", "/x", { user: admin, params: { queue: Q, id: failed.id! } })).status).toBe(200);
    expect(await getQueue(Q).getJobState(failed.id!)).toBe("waiting");

    expect((await call(removeJob, "POST", "/x", { user: viewer, params: { queue: Q, id: failed.id! } })).status).toBe(403);
    expect((await call(removeJob, "POST", "/x", { user: admin, params: { queue: Q, id: failed.id! } })).status).toBe(200);
    expect(await getQueue(Q).getJob(failed.id!)).toBeUndefined();
    expect((await call(jobDetail, "GET", "/x", { user: viewer, params: { queue: Q, id: failed.id! } })).status).toBe(404);

    const actions = (await auditOf(admin)).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining([
      `job.promote job:${Q}/${delayed.id}`,
      `job.retry job:${Q}/${failed.id}`,
      `job.remove job:${Q}/${failed.id}`,
    ]));
  });
});
