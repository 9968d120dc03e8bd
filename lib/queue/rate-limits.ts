// Named rate limits, defined in one place as in the seed's AppServiceProvider
// (RateLimiter::for). Counting is rate-limiter-flexible's RateLimiterRedis: an atomic
// Lua INCR + expiry per key, a fixed window like Laravel's limiter (see docs/RUNTIME.md).
import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { env } from "../env";

export interface RateLimitDefinition {
  name: string;
  /** Jobs allowed per window and key. */
  points: number;
  /** Window length in seconds. */
  durationSec: number;
  /** The key of a payload (company, customer); jobs without one share the bucket "(none)". */
  by: (payload: never) => string | number | undefined | null;
}

const definitions = new Map<string, RateLimitDefinition>();

/** Defines (or redefines) a named limit. */
export function defineRateLimit(definition: RateLimitDefinition): RateLimitDefinition {
  if (!(definition.points > 0) || !(definition.durationSec > 0)) throw new Error(`Rate limit "${definition.name}": points and durationSec must be positive`);
  definitions.set(definition.name, definition);
  return definition;
}

const field = (name: string, alt: string) => (payload: never) => {
  const p = payload as Record<string, unknown> | null;
  const v = p?.[name] ?? p?.[alt];
  return typeof v === "string" || typeof v === "number" ? v : undefined;
};

// The seed's limits: Limit::perMinute(60)->by(company_id), perHour(100)->by(customer_id), perDay(50)->by(customer_id).
defineRateLimit({ name: "api-calls", points: 60, durationSec: 60, by: field("company_id", "companyId") });
defineRateLimit({ name: "emails", points: 100, durationSec: 3_600, by: field("customer_id", "customerId") });
defineRateLimit({ name: "sms", points: 50, durationSec: 86_400, by: field("customer_id", "customerId") });

export const rateLimits = {
  get(name: string): RateLimitDefinition | undefined {
    return definitions.get(name);
  },
  names(): string[] {
    return [...definitions.keys()].sort();
  },
};

export function rateLimitKey(definition: RateLimitDefinition, payload: unknown): string {
  const k = definition.by(payload as never);
  return k === undefined || k === null || k === "" ? "(none)" : String(k);
}

const limiters = new WeakMap<Redis, Map<string, { def: RateLimitDefinition; limiter: RateLimiterRedis }>>();

/** The limiter of a definition on `redis`, created once (and again if the definition changed). */
export function limiterFor(definition: RateLimitDefinition, redis: Redis): RateLimiterRedis {
  let byName = limiters.get(redis);
  if (!byName) limiters.set(redis, (byName = new Map()));
  const cacheKey = `${env().REDIS_PREFIX}|${definition.name}`;
  const cached = byName.get(cacheKey);
  if (cached && cached.def === definition) return cached.limiter;
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${env().REDIS_PREFIX}:rate:${definition.name}`,
    points: definition.points,
    duration: definition.durationSec,
  });
  byName.set(cacheKey, { def: definition, limiter });
  return limiter;
}
