// The seed's ThrottlesExceptions(3, 10)->backoff(5): after `maxAttempts` exceptions
// within `decayMinutes`, further attempts are postponed until the window ends (no
// attempt used: nothing runs). Each exception is still a failed attempt, retried
// after `backoff` minutes instead of the job's own backoff. A success clears the count.
import { key } from "../../redis/connection";
import { runtimeRedis } from "../queues";
import { JobReleased, withRetryDelay } from "../release";
import type { JobMiddleware, MiddlewareContext } from "../types";
import { afterRunBestEffort, postponeOnOutage } from "./redis-outage";

export interface ThrottlesExceptions extends JobMiddleware {
  /** Minutes before retrying after a throttled exception (fractions allowed). */
  backoff(minutes: number): ThrottlesExceptions;
  /** Throttle key; default the job name, so all jobs of one kind share the circuit. */
  by(key: string | ((payload: never) => string)): ThrottlesExceptions;
  /** Only count exceptions for which this returns true. */
  when(predicate: (error: Error) => boolean): ThrottlesExceptions;
}

interface Settings {
  maxAttempts: number;
  decayMs: number;
  backoffMs?: number;
  by?: string | ((payload: never) => string);
  when?: (error: Error) => boolean;
}

export function throttlesExceptions(maxAttempts = 10, decayMinutes = 10): ThrottlesExceptions {
  return build({ maxAttempts, decayMs: decayMinutes * 60_000 });
}

function build(s: Settings): ThrottlesExceptions {
  return {
    name: "throttlesExceptions",
    backoff: (minutes) => build({ ...s, backoffMs: minutes * 60_000 }),
    by: (k) => build({ ...s, by: k }),
    when: (predicate) => build({ ...s, when: predicate }),
    async handle(ctx: MiddlewareContext, next) {
      const redis = runtimeRedis();
      const id = s.by === undefined ? ctx.name : typeof s.by === "function" ? s.by(ctx.payload as never) : s.by;
      const counter = key("throttle", id);
      // One command per job: the window's remaining time is only asked for when the circuit is open
      // (if the key expires in between, PTTL answers -2 and the window has ended: run).
      const count = await postponeOnOutage(ctx, "throttlesExceptions", async () => {
        const current = await redis.get(counter);
        if (current !== null && Number(current) >= s.maxAttempts) {
          const ttl = await redis.pttl(counter);
          if (ttl > 0) ctx.postpone(ttl + 1, `${current} exceptions within the throttle window of ${id}`);
        }
        return current;
      });
      let result: unknown;
      try {
        result = await next();
      } catch (error) {
        if (!(error instanceof Error) || error instanceof JobReleased || (s.when && !s.when(error))) throw error;
        // First hit opens the window; later hits within it do not extend it.
        await afterRunBestEffort(ctx, `counting an exception of ${id}`, () =>
          redis.multi().incr(counter).pexpire(counter, Math.max(1, Math.round(s.decayMs)), "NX").exec());
        throw s.backoffMs === undefined ? error : withRetryDelay(error, s.backoffMs);
      }
      if (count !== null) await afterRunBestEffort(ctx, `clearing the exception count of ${id}`, () => redis.del(counter));
      return result;
    },
  };
}
