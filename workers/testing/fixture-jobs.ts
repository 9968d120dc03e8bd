// Jobs the process-level tests dispatch into a real `workers` process
// (loaded through SWITCHYARD_JOB_MODULES). Each records what happened in Redis
// under the test's prefix so the test can read it back.
import { z } from "zod";
import { defineJob } from "@/lib/queue";
import { runtimeRedis } from "@/lib/queue";
import { key } from "@/lib/redis/connection";

export const recordKey = () => key("test", "done");

const recordPayload = z.object({ n: z.number().int().optional(), sleepMs: z.number().int().nonnegative().default(0) });

/** Sleeps, then appends `queue|jobId|pid|n|startedAt|finishedAt` to the record list. */
export const recordJob = (name: string, queue: string) =>
  defineJob({
    name,
    queue,
    payload: recordPayload,
    tries: 1,
    async handle(ctx) {
      const startedAt = Date.now();
      if (ctx.payload.sleepMs) await new Promise((r) => setTimeout(r, ctx.payload.sleepMs));
      await runtimeRedis().rpush(recordKey(), `${ctx.queue}|${ctx.jobId}|${process.pid}|${ctx.payload.n ?? ""}|${startedAt}|${Date.now()}`);
      return { pid: process.pid };
    },
  });

export const testRecord = recordJob("test.record", "default");

/** Blocks its event loop past any timeout: only killing the process frees the slot. */
export const testHang = defineJob({
  name: "test.hang",
  queue: "default",
  payload: z.object({}),
  tries: 1,
  timeout: 1,
  async handle() {
    await runtimeRedis().rpush(key("test", "hang-started"), String(process.pid));
    for (;;) {
      // a busy loop that never looks at ctx.signal
    }
  },
});

/** Awaits forever and ignores its AbortSignal: the runtime frees the slot, the process must go. */
export const testIgnoreAbort = defineJob({
  name: "test.ignore-abort",
  queue: "default",
  payload: z.object({}),
  tries: 1,
  timeout: 1,
  async handle() {
    await runtimeRedis().rpush(key("test", "ignore-started"), String(process.pid));
    await new Promise(() => {});
  },
});

/** No timeout of its own: the supervisor's `timeout` applies. Sleeps but honours its signal. */
export const testSleepy = defineJob({
  name: "test.sleepy",
  queue: "default",
  payload: z.object({ ms: z.number().int().positive() }),
  tries: 1,
  async handle(ctx) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ctx.payload.ms);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(ctx.signal.reason);
      }, { once: true });
    });
  },
});

/**
 * Builds ~`mb` MB of small objects, keeps them through the whole job (so they reach V8's
 * old space) and drops them when it returns: garbage, not a leak. Records its pid.
 */
export const testChurn = defineJob({
  name: "test.churn",
  queue: "default",
  payload: z.object({ mb: z.number().int().positive() }),
  tries: 1,
  async handle(ctx) {
    let held: { n: number; s: string }[] | null = [];
    // ~100 bytes per entry.
    for (let i = 0; i < ctx.payload.mb * 10_000; i++) held.push({ n: i, s: `churn-${i}-${ctx.jobId}` });
    await new Promise((r) => setTimeout(r, 50));
    held = null;
    await runtimeRedis().rpush(recordKey(), `${ctx.queue}|${ctx.jobId}|${process.pid}|churn|${Date.now()}|${Date.now()}`);
  },
});

const retained: Buffer[] = [];
/** Retains `mb` MB (a leak) and records its pid: the process should be replaced after it. */
export const testHog = defineJob({
  name: "test.hog",
  queue: "default",
  payload: z.object({ mb: z.number().int().positive() }),
  tries: 1,
  async handle(ctx) {
    const chunk = Buffer.alloc(ctx.payload.mb * 1024 * 1024, 1);
    retained.push(chunk);
    await runtimeRedis().rpush(recordKey(), `${ctx.queue}|${ctx.jobId}|${process.pid}|hog|${Date.now()}|${Date.now()}`);
  },
});

/** Records its own pid and how much it slept: the SIGTERM-drain test stops the master mid-job. */
export const testSlow = defineJob({
  name: "test.slow",
  queue: "default",
  payload: z.object({ ms: z.number().int().positive() }),
  tries: 1,
  async handle(ctx) {
    await runtimeRedis().rpush(key("test", "slow-started"), ctx.jobId);
    await new Promise((r) => setTimeout(r, ctx.payload.ms));
    await runtimeRedis().rpush(recordKey(), `${ctx.queue}|${ctx.jobId}|${process.pid}|slow|${Date.now()}|${Date.now()}`);
  },
});

export interface Record {
  queue: string;
  jobId: string;
  pid: number;
  n: string;
  startedAt: number;
  finishedAt: number;
}

export async function readRecords(): Promise<Record[]> {
  return (await runtimeRedis().lrange(recordKey(), 0, -1)).map((line) => {
    const [queue, jobId, pid, n, startedAt, finishedAt] = line.split("|");
    return { queue, jobId, pid: Number(pid), n, startedAt: Number(startedAt), finishedAt: Number(finishedAt) };
  });
}
