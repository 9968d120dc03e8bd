// A job that changes between the console's state check and BullMQ's own: the
// Job screen's retry and promote answer 409 (or 404 when the job is gone)
// instead of a 500. The change is made for real (another Job object, real
// Redis) right after the route has read the state: the window a second admin
// or a worker hits by chance.
import { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getQueue } from "@/lib/queue";
import { consoleRedis } from "@/lib/console/redis";
import { POST as retryJob } from "@/app/api/jobs/[queue]/[id]/retry/route";
import { POST as promoteJob } from "@/app/api/jobs/[queue]/[id]/promote/route";
import { auditOf, call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

const Q = "default";
let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("ADMIN");
});

afterEach(() => vi.restoreAllMocks());

afterAll(closeConsoleTest);

/** Runs `change` once, right after the next Job#getState has read the state (its answer unchanged). */
function afterStateRead(change: () => Promise<unknown>): void {
  const original = Job.prototype.getState;
  vi.spyOn(Job.prototype, "getState").mockImplementationOnce(async function (this: Job) {
    const state = await original.call(this);
    await change();
    return state;
  });
}

/** A failed job, put in BullMQ's failed set as tests/console/queues.int.test.ts does. */
async function failedJob(): Promise<string> {
  const queue = getQueue(Q);
  const { id } = await queue.add("SendDigest", { payload: {}, meta: {} });
  const client = consoleRedis();
  await client.lrem(queue.toKey("wait"), 0, id!);
  await client.zadd(queue.toKey("failed"), Date.now(), id!);
  await client.hset(queue.toKey(id!), "failedReason", "boom", "finishedOn", Date.now());
  return id!;
}

const post = (handler: typeof retryJob, id: string, action: string) =>
  call(handler, "POST", `/api/jobs/${Q}/${id}/${action}`, { user: admin, params: { queue: Q, id } });

describe("job actions racing another change", () => {
  it("retry: a job retried meanwhile → 409, once; removed meanwhile → 404", async () => {
    const id = await failedJob();
    afterStateRead(async () => (await getQueue(Q).getJob(id))!.retry("failed"));
    const res = await post(retryJob, id, "retry");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("state_conflict");
    expect(await getQueue(Q).getJobState(id)).toBe("waiting");

    const gone = await failedJob();
    afterStateRead(async () => (await getQueue(Q).getJob(gone))!.remove());
    const missing = await post(retryJob, gone, "retry");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("job_not_found");
    expect((await auditOf(admin)).filter((a) => a.action === "job.retry")).toHaveLength(0);
  });

  it("promote: a job promoted meanwhile → 409; removed meanwhile → 404", async () => {
    const queue = getQueue(Q);
    const job = await queue.add("SendDigest", { payload: {}, meta: {} }, { delay: 3_600_000 });
    afterStateRead(async () => (await queue.getJob(job.id!))!.promote());
    const res = await post(promoteJob, job.id!, "promote");
    expect(res.status).toBe(409);
    expect(await queue.getJobState(job.id!)).toBe("waiting");

    const other = await queue.add("SendDigest", { payload: {}, meta: {} }, { delay: 3_600_000 });
    afterStateRead(async () => (await queue.getJob(other.id!))!.remove());
    expect((await post(promoteJob, other.id!, "promote")).status).toBe(404);
  });
});
