// Job ids that name a queue's own Redis keys (meta, events, wait, 1:logs…): the
// Job routes refuse them with 400 instead of reading (or deleting) those keys,
// and the id search finds nothing instead of answering 500. A scheduler's job
// (repeat:<scheduler>:<millis>) keeps working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueue } from "@/lib/queue";
import { consoleRedis } from "@/lib/console/redis";
import { GET as listJobs } from "@/app/api/queues/[name]/jobs/route";
import { GET as jobDetail } from "@/app/api/jobs/[queue]/[id]/route";
import { POST as removeJob } from "@/app/api/jobs/[queue]/[id]/remove/route";
import { auditOf, call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

const Q = "default";
let admin: TestUser;
let viewer: TestUser;
let plainId: string;

beforeAll(async () => {
  admin = await createUser("ADMIN");
  viewer = await createUser("VIEWER");
  const queue = getQueue(Q);
  const job = await queue.add("SendDigest", { payload: { n: 1 }, meta: {} });
  plainId = job.id!;
  await queue.addBulk([{ name: "SendDigest", data: { payload: { n: 2 }, meta: {} } }]);
  await job.log("a line"); // creates <queue>:<id>:logs, a list
});

afterAll(closeConsoleTest);

const detail = (id: string) => call(jobDetail, "GET", `/api/jobs/${Q}/${id}`, { user: viewer, params: { queue: Q, id } });

describe("job routes and a queue's own keys", () => {
  it("refuses reserved names and ids with ':' with 400, not a 500 from the wrong key type", async () => {
    for (const id of ["events", "wait", "meta", "id", "marker", `${plainId}:logs`, "repeat:x", "de:abc"]) {
      const res = await detail(id);
      expect(res.status, id).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
    }
    expect((await detail(plainId)).status).toBe(200);
  });

  it("does not delete the meta hash of a paused queue on 'remove meta'", async () => {
    const queue = getQueue(Q);
    await queue.pause();
    const res = await call(removeJob, "POST", `/api/jobs/${Q}/meta/remove`, { user: admin, params: { queue: Q, id: "meta" } });
    expect(res.status).toBe(400);
    expect(await queue.isPaused()).toBe(true);
    expect(await auditOf(admin)).toHaveLength(0);
    await queue.resume();
  });

  it("id search finds nothing for a queue key, and still finds a job", async () => {
    const search = (q: string) =>
      call(listJobs, "GET", `/api/queues/${Q}/jobs`, { user: viewer, params: { name: Q }, query: { q, field: "id", state: "waiting" } });
    for (const q of ["events", "meta", "wait", `${plainId}:logs`]) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(res.body.rows).toEqual([]);
    }
    const found = await search(plainId);
    expect(found.body.rows.map((r: { id: string }) => r.id)).toEqual([plainId]);
  });

  it("still opens a job a scheduler made (repeat:<scheduler>:<millis>)", async () => {
    const queue = getQueue(Q);
    await queue.upsertJobScheduler("nightly-report", { every: 3_600_000 }, { name: "GenerateReport", data: { payload: {}, meta: {} } });
    const ids = (await queue.getJobs(["waiting", "delayed", "prioritized"])).map((j) => j.id!).filter((id) => id.startsWith("repeat:"));
    expect(ids).toHaveLength(1);
    expect(await consoleRedis().type(queue.toKey(ids[0]!))).toBe("hash");
    const res = await detail(ids[0]!);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("GenerateReport");
    await queue.removeJobScheduler("nightly-report");
  });
});
