// The worker process's job loop with fake BullMQ workers: queue order, one job
// at a time, fetch-next only for a single queue, pause, moves between pools, exit reasons.
import { describe, expect, it } from "vitest";
import type { QueueWorker } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { JobLoop } from "./job-loop";

interface FakeJob { id: string; queue: string; token?: string; extendLock(): Promise<void> }

function fakeWorker(queue: string, ids: string[], ran: string[], opts: { nextInline?: boolean; onRun?: () => void } = {}) {
  const pending = [...ids];
  const job = (id: string): FakeJob => ({ id, queue, extendLock: async () => {} });
  const worker = {
    id: queue,
    fetchNextCalls: 0,
    async getNextJob(token: string) {
      const id = pending.shift();
      return id ? { ...job(id), token } : undefined;
    },
    async processJob(j: FakeJob, token: string, fetchNext: () => boolean) {
      ran.push(`${queue}:${j.id}`);
      opts.onRun?.();
      await new Promise((r) => setTimeout(r, 1));
      if (opts.nextInline && fetchNext() && pending.length) {
        worker.fetchNextCalls++;
        return { ...job(pending.shift()!), token };
      }
      return undefined;
    },
  };
  return worker;
}

const asWorkers = (...w: unknown[]) => w as QueueWorker[];
/** Polls until `done()` (the loop runs on timers; a fixed sleep would be flaky on a busy machine). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}
const loopOptions = { lockDurationMs: 60_000, idlePollMs: 5, paused: false, exitReason: () => null };

describe("JobLoop", () => {
  it("takes every ready job of the first queue before the next queue", async () => {
    const ran: string[] = [];
    const loop = new JobLoop(asWorkers(fakeWorker("high", ["h1", "h2"], ran), fakeWorker("default", ["d1", "d2"], ran)), loopOptions, logger);
    const running = loop.run();
    await until(() => ran.length === 4);
    loop.stop();
    expect(await running).toBe("terminate");
    expect(ran).toEqual(["high:h1", "high:h2", "default:d1", "default:d2"]);
  });

  it("uses BullMQ's fetch-next only for the first queue, so the order holds", async () => {
    const ran: string[] = [];
    const single = fakeWorker("default", ["a", "b", "c"], ran, { nextInline: true });
    const loop = new JobLoop(asWorkers(single), loopOptions, logger);
    const running = loop.run();
    await until(() => ran.length === 3);
    loop.stop();
    await running;
    expect(ran).toEqual(["default:a", "default:b", "default:c"]);
    expect(single.fetchNextCalls).toBe(2);

    const ran2: string[] = [];
    const first = fakeWorker("high", ["h1", "h2"], ran2, { nextInline: true });
    const second = fakeWorker("default", ["d1", "d2"], ran2, { nextInline: true });
    const loop2 = new JobLoop(asWorkers(first, second), loopOptions, logger);
    const running2 = loop2.run();
    await until(() => ran2.length === 4);
    loop2.stop();
    await running2;
    expect(ran2).toEqual(["high:h1", "high:h2", "default:d1", "default:d2"]);
    expect(first.fetchNextCalls).toBe(1);
    expect(second.fetchNextCalls).toBe(0);
  });

  it("takes nothing while paused, resumes on continue, switches queues between jobs", async () => {
    const ran: string[] = [];
    const loop = new JobLoop(asWorkers(fakeWorker("emails", ["e1"], ran)), { ...loopOptions, paused: true }, logger);
    const running = loop.run();
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual([]);
    loop.continue();
    await until(() => ran.length === 1);
    expect(ran).toEqual(["emails:e1"]);
    loop.retarget(asWorkers(fakeWorker("sms", ["s1"], ran)));
    await until(() => ran.length === 2);
    loop.stop();
    await running;
    expect(ran).toEqual(["emails:e1", "sms:s1"]);
  });

  it("ends after the current job when an exit reason appears (memory, stuck)", async () => {
    const ran: string[] = [];
    let reason: string | null = null;
    const worker = fakeWorker("default", ["a", "b"], ran, { nextInline: true, onRun: () => (reason = "memory") });
    const loop = new JobLoop(asWorkers(worker), { ...loopOptions, exitReason: () => reason }, logger);
    expect(await loop.run()).toBe("memory");
    expect(ran).toEqual(["default:a"]);
    expect(worker.fetchNextCalls).toBe(0);
  });
});
