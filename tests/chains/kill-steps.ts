// The chain the kill -9 test runs, shared by the test process and the worker
// processes it spawns (fixed job names, so every process resolves them).
// Each step counts its starts and, as its last act, its side effect, in Redis.
import { z } from "zod";
import { defineJob, runtimeRedis } from "../../lib/queue";
import { key } from "../../lib/redis/connection";

export const KILL_QUEUE = "default";
/** How long the slow step works before its side effect: time enough to kill it mid-way. */
export const SLOW_STEP_MS = 2_500;

export const counterKey = (tag: string, kind: "started" | "effect", step: number) => key("kill-test", tag, kind, step);

const payload = z.object({ tag: z.string(), step: z.number().int() });

function killStep(step: number, slowMs = 0) {
  return defineJob({
    name: `KillTestStep${step}`,
    queue: KILL_QUEUE,
    payload,
    tries: 3,
    backoff: 0.05,
    async handle(ctx) {
      const redis = runtimeRedis();
      await redis.incr(counterKey(ctx.payload.tag, "started", step));
      if (slowMs) await new Promise((resolve) => setTimeout(resolve, slowMs));
      await redis.incr(counterKey(ctx.payload.tag, "effect", step));
      return { step };
    },
  });
}

export const KILL_STEPS = [killStep(0), killStep(1), killStep(2, SLOW_STEP_MS), killStep(3)];
