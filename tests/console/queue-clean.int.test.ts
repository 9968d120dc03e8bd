// POST /api/queues/:name/clean against real Redis: what it cannot remove (a job
// scheduler's next run, jobs within the grace) neither stops it early nor keeps it
// going forever, and the counts it reports and audits are the jobs really removed.
// GET (the preview) says how many jobs the clean will remove.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queue } from "bullmq";
import { getQueue } from "@/lib/queue";
import { consoleRedis } from "@/lib/console/redis";
import { GET as cleanPreview, POST as clean } from "@/app/api/queues/[name]/clean/route";
import { auditOf, call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

let admin: TestUser;
let viewer: TestUser;

const HOUR = 3_600_000;
const data = (i: number) => ({ payload: { i }, meta: { dispatchedAt: Date.now() } });
const jobs = (n: number, opts: Record<string, unknown> = {}) => Array.from({ length: n }, (_, i) => ({ name: "J", data: data(i), opts }));

const preview = (name: string, state: string, graceMs?: number) =>
  call(cleanPreview, "GET", "/x", { user: viewer, params: { name }, query: { state, graceMs } });
const cleanOnce = (name: string, state: string, graceMs?: number) =>
  call(clean, "POST", "/x", { user: admin, params: { name }, body: { state, graceMs } });

/** As the dialog does: call again until done (at most `max` calls). */
async function cleanUntilDone(name: string, state: string, max = 5) {
  const results = [];
  for (let i = 0; i < max; i++) {
    const res = await cleanOnce(name, state);
    expect(res.status).toBe(200);
    results.push(res.body);
    if (res.body.done) break;
  }
  return results;
}

/** A job scheduler whose next run is due at once (it waits) or at the next midnight (it is delayed). */
async function scheduler(queue: Queue, id: string, due: "now" | "later", opts: Record<string, unknown> = {}): Promise<string> {
  const repeat = due === "now" ? { every: HOUR } : { pattern: "0 0 * * *" };
  const job = await queue.upsertJobScheduler(id, repeat, { name: "Tick", data: {}, opts });
  return job!.id!;
}

const cleanAudits = async () => (await auditOf(admin)).filter((a) => a.action === "queue.clean");

beforeAll(async () => {
  admin = await createUser("ADMIN");
  viewer = await createUser("VIEWER");
});

afterAll(closeConsoleTest);

describe("clean waiting with a job scheduler's next run in the list", () => {
  it("keeps the scheduler's job, removes every other one, and is done in one call", async () => {
    const Q = "clean-sched-wait";
    const queue = getQueue(Q);
    const oldest = await scheduler(queue, "tick", "now"); // at the tail: the first job the clean meets
    await queue.addBulk(jobs(300));
    const between = await scheduler(queue, "tock", "now");
    await queue.addBulk(jobs(400));
    expect(await queue.getWaitingCount()).toBe(702);
    expect((await preview(Q, "waiting")).body).toMatchObject({ affects: 700, exact: true });

    const before = (await cleanAudits()).length;
    const results = await cleanUntilDone(Q, "waiting");
    expect(results).toEqual([{ removed: 700, remaining: 0, done: true }]);
    // The scheduler's runs are still there, oldest at the tail as before.
    expect(await consoleRedis().lrange(queue.toKey("wait"), 0, -1)).toEqual([between, oldest]);
    expect(await queue.getJob(oldest)).toBeDefined();
    const audits = (await cleanAudits()).slice(before);
    expect(audits.map((a) => a.details)).toEqual([expect.objectContaining({ state: "waiting", removed: 700, remaining: 0 })]);

    // Again: nothing to do, and it says so at once.
    expect((await cleanOnce(Q, "waiting")).body).toEqual({ removed: 0, remaining: 0, done: true });
    expect((await preview(Q, "waiting")).body.affects).toBe(0);
  });

  it("a job BullMQ will not remove ends the clean, counted as not removed", async () => {
    const Q = "clean-locked-wait";
    const queue = getQueue(Q);
    await queue.addBulk(jobs(5));
    const stuck = await queue.add("Dedup", data(0), { deduplication: { id: "clean-locked" } });
    await queue.addBulk(jobs(5));
    // A lock on a waiting job: BullMQ's removeJob answers 0 (a worker holds it).
    await consoleRedis().set(`${queue.toKey(stuck.id!)}:lock`, "someone", "PX", 60_000);
    const results = await cleanUntilDone(Q, "waiting");
    expect(results).toEqual([{ removed: 5, remaining: 6, done: true }]);
    expect(await queue.getJob(stuck.id!)).toBeDefined();
  });
});

describe("clean delayed and prioritized", () => {
  it("delayed: goes on past the scheduler's job in its first chunk and removes all the others", async () => {
    const Q = "clean-sched-delayed";
    const queue = getQueue(Q);
    const next = await scheduler(queue, "nightly", "later"); // due at midnight: ahead of the jobs due in a day
    await queue.addBulk(jobs(600, { delay: 24 * HOUR + 60_000 }));
    expect((await preview(Q, "delayed")).body).toMatchObject({ affects: 600, exact: true });
    const results = await cleanUntilDone(Q, "delayed");
    expect(results).toEqual([{ removed: 600, remaining: 0, done: true }]);
    expect(await consoleRedis().zrange(queue.toKey("delayed"), 0, -1)).toEqual([next]);
  });

  it("prioritized: the same with a scheduler whose runs have a priority", async () => {
    const Q = "clean-sched-prio";
    const queue = getQueue(Q);
    await queue.addBulk(jobs(300, { priority: 1 }));
    const next = await scheduler(queue, "prio", "now", { priority: 1 });
    await queue.addBulk(jobs(300, { priority: 1 }));
    expect((await preview(Q, "prioritized")).body).toMatchObject({ affects: 600, exact: true });
    const results = await cleanUntilDone(Q, "prioritized");
    expect(results).toEqual([{ removed: 600, remaining: 0, done: true }]);
    expect(await consoleRedis().zrange(queue.toKey("prioritized"), 0, -1)).toEqual([next]);
  });

  it("delayed with a grace: old jobs behind a full chunk of recent ones are reached, the recent ones kept", async () => {
    const Q = "clean-grace-delayed";
    const queue = getQueue(Q);
    // Recent jobs due in a minute sort first; jobs created two hours ago, due in a week, after them.
    await queue.addBulk(jobs(600, { delay: 60_000 }));
    await queue.addBulk(jobs(400, { delay: 7 * 24 * HOUR, timestamp: Date.now() - 2 * HOUR }));
    const p = (await preview(Q, "delayed", HOUR)).body;
    expect(p).toMatchObject({ exact: false });
    expect(p.affects).toBeGreaterThanOrEqual(400);
    const res = await cleanOnce(Q, "delayed", HOUR);
    expect(res.body).toEqual({ removed: 400, remaining: 0, done: true });
    expect(await queue.getDelayedCount()).toBe(600);
  });
});
