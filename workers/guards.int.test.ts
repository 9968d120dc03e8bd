// Issue 4 point 4 against the real workers process: a worker over its `memory`
// finishes its job and is replaced; a job past its timeout whose code blocks is
// killed with its process and the slot comes back; a handler that ignores its
// abort gets its process replaced; the supervisor's `timeout` is the default
// under a job's own; `nice` sets the priority of the supervisor's worker processes.
import { getPriority } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeQueues, dispatch, getQueue } from "@/lib/queue";
import { createRedis } from "@/lib/redis/connection";
import { listSupervisors } from "@/lib/supervisor/heartbeats";
import { destroyAllWorkers, startWorkers, supervisors, waitFor, type WorkersProcess } from "./testing/harness";
import { readRecords, testChurn, testHang, testHog, testIgnoreAbort, testRecord, testSleepy } from "./testing/fixture-jobs";

let w: WorkersProcess;
const readyPids = () => w.logs.filter((l) => /^worker process \d+ ready$/.test(l.msg)).map((l) => l.pid);

beforeAll(async () => {
  w = startWorkers({
    override: supervisors({
      guard: { queue: ["default"], balance: "simple", processes: 1, memory: 150, timeout: 3 },
    }),
  });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "first worker process");
}, 120_000);
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
});

async function runRecord(n: number): Promise<number> {
  const id = await dispatch(testRecord, { n });
  const record = await waitFor(async () => (await readRecords()).find((r) => r.jobId === id), 60_000, `record job ${n}`);
  return record.pid;
}

describe("guards", () => {
  it("memory: the worker over its limit finishes its job and is replaced", async () => {
    const before = await runRecord(1);
    const hogId = await dispatch(testHog, { mb: 200 });
    await w.waitForLog((l) => /replaced \(memory: .* MB used, limit 150 MB\)/.test(l.msg), 60_000, "memory replacement");
    const hog = (await readRecords()).find((r) => r.jobId === hogId)!;
    expect(hog.pid).toBe(before);
    expect(await (await getQueue("default").getJob(hogId))!.getState()).toBe("completed");
    const after = await runRecord(2);
    expect(after).not.toBe(before);
  }, 120_000);

  it("memory: garbage is not a leak — a job that churns more than the limit in short-lived objects keeps its worker", async () => {
    const before = await runRecord(11);
    const churnId = await dispatch(testChurn, { mb: 250 });
    await waitFor(async () => (await readRecords()).find((r) => r.jobId === churnId), 60_000, "churn job");
    const after = await runRecord(12);
    // One worker process: had it been replaced for memory, the next job would run in another pid.
    expect(after).toBe(before);
  }, 120_000);

  it("timeout: a job that blocks past its timeout gets its process killed; the slot comes back", async () => {
    const hangId = await dispatch(testHang, {});
    const killed = await w.waitForLog((l) => /ran past its timeout and ignored the abort: killing worker process/.test(l.msg), 60_000, "timeout kill");
    expect(killed.jobId).toBe(hangId);
    const replacement = await runRecord(3);
    expect(typeof killed.workerPid).toBe("number");
    expect(replacement).not.toBe(killed.workerPid);
    // The killed attempt counts as stalled: BullMQ retries it, then fails it — no endless kill loop.
    // waitFor throws unless the job reaches "failed". (BullMQ 6 defers a stalled failure to
    // the next worker that takes the job; on that path the hash carries no failedReason or
    // finishedOn, so the state is what this asserts.)
    await waitFor(async () => {
      const j = await getQueue("default").getJob(hangId);
      return j && (await j.getState()) === "failed" ? j : null;
    }, 90_000, "hung job failed");
  }, 150_000);

  it("a handler that ignores its abort frees the slot at once; its process is replaced", async () => {
    const id = await dispatch(testIgnoreAbort, {});
    await w.waitForLog((l) => /replaced \(stuck: job .* ignored its timeout/.test(l.msg), 60_000, "stuck replacement");
    const job = (await getQueue("default").getJob(id))!;
    expect(await job.getState()).toBe("failed");
    expect(job.failedReason).toMatch(/timeout of 1s/);
  }, 120_000);

  it("the supervisor's timeout applies to a job without its own", async () => {
    const id = await dispatch(testSleepy, { ms: 20_000 });
    // State first, then the hash: a job read just before it failed would have no failedReason yet.
    const job = await waitFor(async () => ((await getQueue("default").getJobState(id)) === "failed" ? getQueue("default").getJob(id) : null), 60_000, "sleepy job failed");
    expect(job.failedReason).toMatch(/timeout of 3s/);
    expect(job.finishedOn! - job.processedOn!).toBeLessThan(10_000);
    expect(readyPids().length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe("nice", () => {
  it("a supervisor's worker processes run at its `nice`; a supervisor without one leaves theirs alone", async () => {
    const redis = createRedis();
    try {
      const n = startWorkers({
        override: supervisors({
          niced: { queue: ["high"], balance: "simple", processes: 2, nice: 5 },
          plain: { queue: ["low"], balance: "simple", processes: 1 },
        }),
        host: "nice-host",
      });
      const workerPids = (sup: string) => n.logs.filter((l) => /^worker process \d+ ready$/.test(l.msg) && String(l.supervisor).endsWith(`:${sup}`)).map((l) => l.pid);
      await waitFor(() => workerPids("niced").length === 2 && workerPids("plain").length === 1, 90_000, "three worker processes ready");
      const sups = await waitFor(async () => {
        const s = (await listSupervisors(redis)).filter((x) => x.host === "nice-host");
        return s.length === 2 ? s : null;
      }, 30_000, "both supervisor heartbeats");
      const base = getPriority(n.proc.pid!);
      expect(base).toBe(getPriority()); // the master runs at ours
      for (const pid of workerPids("niced")) expect(getPriority(pid)).toBe(5);
      for (const pid of workerPids("plain")) expect(getPriority(pid)).toBe(base);
      // `nice` is for the worker processes; the supervisor processes keep the master's priority.
      for (const s of sups) expect(getPriority(s.pid)).toBe(base);
      expect(n.logs.some((l) => /could not set the process priority/.test(l.msg))).toBe(false);
      expect(await n.stop()).toBe(0);
    } finally {
      await redis.quit();
    }
  }, 150_000);
});
