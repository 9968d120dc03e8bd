// The seed's WithoutOverlapping: while one job holds the key, another job with the
// same key is put back (postponed: not failed, no attempt used) and tried again later.
// The lock lives in Redis, so it holds across workers and hosts.
import { key } from "../../redis/connection";
import { queueDefaults } from "../queue-defaults";
import { runtimeRedis } from "../queues";
import { acquireFunnel } from "../redis-funnel";
import type { JobMiddleware, MiddlewareContext } from "../types";
import { afterRunBestEffort, postponeOnOutage } from "./redis-outage";

export interface WithoutOverlappingOptions {
  /** Seconds before a job that found the key taken is tried again. @defaultValue 1 (Laravel's 0 would spin) */
  releaseAfter?: number;
  /** Seconds after which the lock expires even if its holder never released it (crash). @defaultValue job timeout + 30 */
  expireAfter?: number;
  /** Share the key across job names (Laravel's `shared()`). @defaultValue false: the key is scoped to the job name */
  shared?: boolean;
}

export function withoutOverlapping(lockKey: string | ((payload: never) => string), options: WithoutOverlappingOptions = {}): JobMiddleware {
  return {
    name: "withoutOverlapping",
    async handle(ctx: MiddlewareContext, next) {
      const id = typeof lockKey === "function" ? lockKey(ctx.payload as never) : lockKey;
      const redisKey = options.shared ? key("overlap", id) : key("overlap", ctx.name, id);
      const expireAfter = options.expireAfter ?? (ctx.definition.timeout ?? queueDefaults(ctx.queue).timeoutSec) + 30;
      const lease = await postponeOnOutage(ctx, "withoutOverlapping", () => acquireFunnel(runtimeRedis(), redisKey, 1, expireAfter * 1000));
      if (!lease.acquired) ctx.postpone((options.releaseAfter ?? 1) * 1000, `overlapping job holds ${id}`);
      try {
        return await next();
      } finally {
        await afterRunBestEffort(ctx, `releasing the overlap lock ${id}`, lease.release);
      }
    },
  };
}
