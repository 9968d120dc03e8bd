// A batch retry where BullMQ refuses one job: it changed after the retry read its
// state (an admin retried it from the Job screen at that moment). The refusal used
// to escape the loop after every failed id had been moved to pending: a 500, the
// batch never finishing, no audit row. Now the job is reported as not retried and
// counted failed again, and the others are retried. Real Redis + PostgreSQL and the
// runtime's worker; the other admin's retry is made for real, right after the
// batch retry read the job's state.
import { Job, UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, getQueue, type QueueWorker } from "@/lib/queue";
import { batchJob, batchProgress, createBatch, findBatch } from "@/lib/queue/batches";
import { uniqueName, waitFor } from "@/lib/queue/test-support";
import { POST as retryRoute } from "@/app/api/batches/[id]/retry/route";
import { auditOf, call, createUser, removeUsers, type TestUser } from "../console/route-harness";

const QUEUE = "default";
let admin: TestUser;
let worker: QueueWorker;

const Work = defineJob({
  name: uniqueName("retry-refused-work"),
  queue: QUEUE,
  payload: z.object({ n: z.number() }),
  handle: ({ payload }) => {
    if (payload.n > 0) throw new UnrecoverableError(`n=${payload.n} fails`);
    return payload.n;
  },
});

beforeAll(async () => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  admin = await createUser("ADMIN");
  worker = createQueueWorker(QUEUE, { concurrency: 4 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await removeUsers();
  await closeQueues();
});

/** Retries job `id` as another admin would, right after the next Job#getState read the state of job `id`. */
function retriedByOtherAdmin(id: string): void {
  const original = Job.prototype.getState;
  let done = false;
  vi.spyOn(Job.prototype, "getState").mockImplementation(async function (this: Job) {
    const state = await original.call(this);
    if (!done && this.id === id) {
      done = true;
      await (await getQueue(QUEUE).getJob(id))!.retry("failed");
    }
    return state;
  });
}

describe("batch retry when BullMQ refuses one job", () => {
  it("reports it, counts it failed again, retries the rest, and audits", async () => {
    const id = await createBatch({ name: uniqueName("refused"), queue: QUEUE, allowFailures: true, jobs: [0, 1, 2].map((n) => batchJob(Work, { n })) });
    const failed = await waitFor(async () => {
      const b = await findBatch(id);
      return b?.finished && b.failedJobIds.length === 2 ? b.failedJobIds : undefined;
    });
    await worker.close(); // nothing runs the retried jobs: the counters stay where the retry left them
    const [raced, other] = [...failed].sort();
    retriedByOtherAdmin(raced!);

    const res = await call(retryRoute, "POST", `/api/batches/${id}/retry`, { user: admin, params: { id } });
    vi.restoreAllMocks();
    expect(res.status).toBe(200);
    expect(res.body.retried).toEqual([other]);
    expect(res.body.notRetried).toEqual([{ jobId: raced, reason: expect.stringMatching(/^retry refused: .*not in the failed state/) }]);
    // The refused one is failed again; the retried one is pending (no worker runs it).
    expect(await batchProgress(id)).toMatchObject({ totalJobs: 3, failedJobs: 1, pendingJobs: 1 });
    expect((await auditOf(admin)).map((a) => a.action)).toEqual(["batch.retry-failed"]);
  });
});
