// The seed's RateLimited('api-calls'): a job over its limit is postponed until the
// window frees — never failed, never lost, never run early, and no attempt is used.
import { RateLimiterRes } from "rate-limiter-flexible";
import { runtimeRedis } from "../queues";
import { limiterFor, rateLimitKey, rateLimits } from "../rate-limits";
import type { JobMiddleware, MiddlewareContext } from "../types";
import { postponeOnOutage } from "./redis-outage";

export function rateLimited(name: string): JobMiddleware {
  return {
    name: `rateLimited:${name}`,
    async handle(ctx: MiddlewareContext, next) {
      const definition = rateLimits.get(name);
      if (!definition) throw new Error(`Rate limit "${name}" is not defined (defined: ${rateLimits.names().join(", ")})`);
      const k = rateLimitKey(definition, ctx.payload);
      await postponeOnOutage(ctx, `rate limit ${name}`, async () => {
        try {
          await limiterFor(definition, runtimeRedis()).consume(k);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          // +1 ms: the window's key has expired by then, so the job never runs early.
          ctx.postpone(rejection.msBeforeNext + 1, `rate limit ${name} reached for ${k}`);
        }
      });
      return next();
    },
  };
}
