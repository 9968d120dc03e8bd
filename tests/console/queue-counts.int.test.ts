// The overview's one-call counts (lib/console/queue-counts.ts) against real Redis:
// for queues in every state BullMQ knows, each count must equal what BullMQ's own
// Queue#getJobCounts answers for the same queue, and the paused flag Queue#isPaused.
import { FlowProducer, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { closeQueues, getQueue } from "@/lib/queue";
import { createRedis } from "@/lib/redis/connection";
import { closeConsoleRedis, consoleRedis } from "@/lib/console/redis";
import { COUNTED_STATES } from "@/lib/console/queue-counts";
import { countQueues } from "@/lib/console/queue-summaries";

const EMPTY = "counts-empty";
const PAUSED = "counts-paused";
const MIXED = "counts-mixed";
const FLOW = "counts-flow";
const MARKER = "counts-marker";
const MARKER_ONLY = "counts-marker-only";
const NAMES = [EMPTY, PAUSED, MIXED, FLOW, MARKER, MARKER_ONLY];

const connection = createRedis({ blocking: true });
let holder: Worker | undefined;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  const prefix = env().REDIS_PREFIX;

  // Paused, with jobs waiting (BullMQ 6 keeps them in `wait` and sets a flag).
  await getQueue(PAUSED).addBulk([1, 2, 3].map((n) => ({ name: "Paused", data: { n } })));
  await getQueue(PAUSED).pause();

  // Completed and failed first (a worker runs them), then waiting, delayed, prioritized and one active.
  const mixed = getQueue(MIXED);
  await mixed.addBulk([
    { name: "ok", data: {} },
    { name: "ok", data: {} },
    { name: "bad", data: {} },
    { name: "bad", data: {} },
    { name: "bad", data: {} },
  ]);
  const runner = new Worker(
    MIXED,
    async (job) => {
      if (job.name === "bad") throw new Error("boom");
    },
    { connection, prefix },
  );
  await until(async () => {
    const c = await mixed.getJobCounts("completed", "failed");
    return c.completed === 2 && c.failed === 3;
  }, "the worker to finish the first jobs");
  await runner.close();
  await mixed.addBulk([
    { name: "w", data: {} },
    { name: "w", data: {} },
    { name: "d", data: {}, opts: { delay: 600_000 } },
    { name: "d", data: {}, opts: { delay: 600_000 } },
    { name: "d", data: {}, opts: { delay: 600_000 } },
    { name: "p", data: {}, opts: { priority: 5 } },
    { name: "p", data: {}, opts: { priority: 9 } },
  ]);
  // A worker without a processor takes one job into `active` and holds it there.
  holder = new Worker(MIXED, undefined, { connection, prefix, autorun: false });
  expect(await holder.getNextJob("counts-test-token")).toBeTruthy();

  // A parent waiting for its two children.
  const flows = new FlowProducer({ connection, prefix });
  await flows.add({ name: "parent", queueName: FLOW, data: {}, children: [1, 2].map((n) => ({ name: "child", queueName: FLOW, data: { n } })) });
  await flows.close();

  // BullMQ 5's deprecated marker ("0:<delay>") at the tail of the wait list is not a job.
  await getQueue(MARKER).addBulk([{ name: "m", data: {} }, { name: "m", data: {} }]);
  await consoleRedis().rpush(getQueue(MARKER).toKey("wait"), "0:0");
  await consoleRedis().rpush(getQueue(MARKER_ONLY).toKey("wait"), "0:0");
});

afterAll(async () => {
  await holder?.close(true);
  connection.disconnect();
  await closeQueues();
  await closeConsoleRedis();
});

describe("countQueues (one script for every queue)", () => {
  it("answers what BullMQ's getJobCounts and isPaused answer, queue by queue", async () => {
    // Ours first: BullMQ's getCounts RPOPs a stale marker, ours leaves Redis untouched.
    const ours = await countQueues(NAMES);
    for (const name of NAMES) {
      const queue = getQueue(name);
      const theirs = await queue.getJobCounts(...COUNTED_STATES);
      const paused = await queue.isPaused();
      for (const state of COUNTED_STATES) expect({ name, state, n: ours.counts[name][state] }).toEqual({ name, state, n: theirs[state] });
      expect({ name, paused: ours.paused[name] }).toEqual({ name, paused });
      expect(ours.counts[name].paused).toBe(paused ? theirs.waiting : 0);
    }
  });

  it("covers the states it claims to (the setup really produced them)", async () => {
    const { counts, paused } = await countQueues(NAMES);
    expect(counts[EMPTY]).toEqual({ waiting: 0, prioritized: 0, active: 0, delayed: 0, completed: 0, failed: 0, "waiting-children": 0, paused: 0 });
    expect(paused[PAUSED]).toBe(true);
    expect(counts[PAUSED]).toMatchObject({ waiting: 3, paused: 3 });
    // Of the 5 + 7 jobs: 2 completed, 3 failed, 1 of the 2 plain ones taken into active.
    expect(counts[MIXED]).toEqual({ waiting: 1, prioritized: 2, active: 1, delayed: 3, completed: 2, failed: 3, "waiting-children": 0, paused: 0 });
    expect(counts[FLOW]).toMatchObject({ waiting: 2, "waiting-children": 1 });
    expect(counts[MARKER].waiting).toBe(2);
    expect(counts[MARKER_ONLY].waiting).toBe(0);
  });

  it("answers nothing for no queues without calling Redis", async () => {
    expect(await countQueues([])).toEqual({ counts: {}, paused: {} });
  });
});
