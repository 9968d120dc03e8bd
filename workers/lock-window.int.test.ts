// The seed's `retry_after` is the job lock window: a job taken by a worker on the
// `redis-long-running` connection is locked for 3600 s (a report may run that long
// without being taken for stalled), one on `redis` for its 90 s. Checked on the lock
// BullMQ really writes, for the worker createQueueWorker() makes and for the window a
// supervisor hands its worker processes (worker-main.ts passes it to createQueueWorker).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { env } from "@/lib/env";
import { closeQueues, createQueueWorker, getQueue, runtimeRedis, type QueueWorker } from "@/lib/queue";
import { lockWindowOf } from "./supervisor-main";

const workers: QueueWorker[] = [];
afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.close(true)));
  await closeQueues();
});

/** Takes one job from `queue` with `worker` (as JobLoop does) and returns the TTL of the lock BullMQ set. */
async function lockTtlMs(worker: QueueWorker, queue: string): Promise<number> {
  workers.push(worker);
  await getQueue(queue).add("lock-probe", { payload: {}, meta: { dispatchedAt: Date.now() } });
  const job = await worker.getNextJob(randomUUID(), { block: false });
  expect(job, `a job from ${queue}`).toBeTruthy();
  return runtimeRedis().pttl(`${env().REDIS_PREFIX}:${queue}:${job!.id}:lock`);
}

/** A lock just written: at most the window, and not a second less. */
function expectWindow(ttlMs: number, windowMs: number): void {
  expect(ttlMs).toBeLessThanOrEqual(windowMs);
  expect(ttlMs).toBeGreaterThan(windowMs - 1_000);
}

describe("createQueueWorker's lock window comes from the connection's retryAfter", () => {
  it("reports on redis-long-running: 3600 s", async () => {
    const worker = createQueueWorker("reports", { connectionName: "redis-long-running", autorun: false });
    expect(worker.opts.lockDuration).toBe(3_600_000);
    expectWindow(await lockTtlMs(worker, "reports"), 3_600_000);
  });

  it("redis: the configured 90 s, also when the worker names no connection (the default)", async () => {
    expect(config().queue.connections.redis).toMatchObject({ retryAfter: 90 });
    const named = createQueueWorker("default", { connectionName: "redis", autorun: false });
    expect(named.opts.lockDuration).toBe(90_000);
    expectWindow(await lockTtlMs(named, "default"), 90_000);
    expect(createQueueWorker("high", { autorun: false }).opts.lockDuration).toBe(90_000);
  });
});

describe("the supervisors hand their worker processes the same window", () => {
  const supervisor = (name: string) => config().supervisors.find((s) => s.name === name)!;

  it("long-running (reports, imports on redis-long-running): 3600 s lock, stalled check every 30 s", async () => {
    const s = supervisor("long-running");
    expect(s).toMatchObject({ connection: "redis-long-running", queue: ["reports", "imports"] });
    const window = lockWindowOf(config(), s);
    expect(window).toEqual({ lockDurationMs: 3_600_000, stalledIntervalMs: 30_000 });
    // As worker-main.ts creates its BullMQ workers from the supervisor's options.
    const worker = createQueueWorker("imports", { connectionName: s.connection, lockDurationMs: window.lockDurationMs, autorun: false });
    expectWindow(await lockTtlMs(worker, "imports"), 3_600_000);
  });

  it("supervisor-1 (high, default on redis): 90 s lock", () => {
    expect(lockWindowOf(config(), supervisor("supervisor-1"))).toEqual({ lockDurationMs: 90_000, stalledIntervalMs: 30_000 });
  });
});
