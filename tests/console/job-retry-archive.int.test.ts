// A failed job retried from the Job screen runs again under its own id; its
// archived failure (PostgreSQL FailedJob) is marked retried, so retrying that
// row from the Failed jobs screen afterwards does not enqueue a second copy
// (retry-<uuid>). Real Redis + PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues, getQueue, recordFailure } from "@/lib/queue";
import { closeConsoleRedis, consoleRedis } from "@/lib/console/redis";
import { POST as retryJob } from "@/app/api/jobs/[queue]/[id]/retry/route";
import { POST as retryArchived } from "@/app/api/failed-jobs/[uuid]/retry/route";
import { POST as retryBulk } from "@/app/api/failed-jobs/retry/route";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

const Q = "default";
let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("ADMIN");
});

afterAll(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
  await closeQueues();
  await closeConsoleRedis();
});

/** A job in BullMQ's failed set (as tests/console/queues.int.test.ts makes one) and its archived failure. */
async function failedAndArchived(): Promise<{ id: string; uuid: string }> {
  const queue = getQueue(Q);
  const { id } = await queue.add("SendDigest", { payload: { n: 1 }, meta: {} });
  const client = consoleRedis();
  await client.lrem(queue.toKey("wait"), 0, id!);
  await client.zadd(queue.toKey("failed"), Date.now(), id!);
  await client.hset(queue.toKey(id!), "failedReason", "boom", "finishedOn", Date.now());
  const row = await recordFailure({
    connection: "redis", queue: Q, jobId: id!, jobName: "SendDigest", payload: { n: 1 },
    error: new Error("boom"), attempts: 1, failReason: "max_tries",
  });
  return { id: id!, uuid: row.uuid };
}

const waitingIds = async () => (await getQueue(Q).getJobs(["waiting"])).map((j) => j.id);

describe("retry from the Job screen, then from the Failed jobs screen", () => {
  it("marks the archived failure retried: the archive retry enqueues no second copy", async () => {
    const { id, uuid } = await failedAndArchived();
    const res = await call(retryJob, "POST", `/api/jobs/${Q}/${id}/retry`, { user: admin, params: { queue: Q, id } });
    expect(res.status).toBe(200);
    const again = await call(retryArchived, "POST", `/api/failed-jobs/${uuid}/retry`, { user: admin, params: { uuid } });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ reason: "already_retried" });
    const bulk = await call(retryBulk, "POST", "/api/failed-jobs/retry", { user: admin, body: { uuids: [uuid] } });
    expect(bulk.body).toMatchObject({ retried: 0, done: true });
    expect(await waitingIds()).toEqual([id]); // the job itself, and no retry-<uuid>
    expect(res.body).toMatchObject({ from: "failed", archived: 1 });
    const row = await prisma().failedJob.findUniqueOrThrow({ where: { uuid } });
    expect(row).toMatchObject({ retriedBy: admin.email, retriedJobId: id });
    expect((await auditOf(admin)).find((a) => a.action === "job.retry")?.details).toEqual({ from: "failed", archived: 1, outcome: "done" });
  });
});
