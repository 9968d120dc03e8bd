// At most N jobs of one tenant running at once across all workers (the seed's
// `concurrency_limits: per_company 10, per_user 5`). A job over the limit is
// postponed (no attempt used) and tried again shortly.
import { key } from "../../redis/connection";
import { queueDefaults } from "../queue-defaults";
import { runtimeRedis } from "../queues";
import { acquireFunnel } from "../redis-funnel";
import type { JobMiddleware, MiddlewareContext } from "../types";
import { afterRunBestEffort, postponeOnOutage } from "./redis-outage";

/** The seed's config/queue-optimization.php `concurrency_limits`. */
export const TENANT_CONCURRENCY = { perCompany: 10, perUser: 5 } as const;

export interface ConcurrencyLimitOptions {
  /** Name of the limit; jobs sharing a name and tenant share the slots. */
  name: string;
  limit: number;
  /** The tenant of a payload; undefined = not limited. */
  by: (payload: never) => string | number | undefined | null;
  /** Seconds before a job over the limit is tried again. @defaultValue 1 */
  releaseAfter?: number;
  /** Seconds a slot is held at most if its job never finishes (crash). @defaultValue job timeout + 30 */
  leaseSeconds?: number;
}

export interface ConcurrencyLimitMiddleware extends JobMiddleware {
  /** Running jobs allowed per tenant. */
  readonly limit: number;
  /** The tenant a payload counts against; undefined when the job is not limited. */
  tenantOf(payload: unknown): string | undefined;
}

export function concurrencyLimit(options: ConcurrencyLimitOptions): ConcurrencyLimitMiddleware {
  const tenantOf = (payload: unknown) => {
    const tenant = options.by(payload as never);
    return tenant === undefined || tenant === null || tenant === "" ? undefined : String(tenant);
  };
  return {
    name: `concurrencyLimit:${options.name}`,
    limit: options.limit,
    tenantOf,
    async handle(ctx: MiddlewareContext, next) {
      const tenant = tenantOf(ctx.payload);
      if (tenant === undefined) return next();
      const leaseSeconds = options.leaseSeconds ?? (ctx.definition.timeout ?? queueDefaults(ctx.queue).timeoutSec) + 30;
      const funnelKey = key("funnel", options.name, tenant);
      const lease = await postponeOnOutage(ctx, options.name, () => acquireFunnel(runtimeRedis(), funnelKey, options.limit, leaseSeconds * 1000));
      if (!lease.acquired) ctx.postpone((options.releaseAfter ?? 1) * 1000, `${options.name} limit ${options.limit} reached for ${tenant}`);
      try {
        return await next();
      } finally {
        await afterRunBestEffort(ctx, `releasing a ${options.name} slot of ${tenant}`, lease.release);
      }
    },
  };
}

const field = (name: string, alt: string) => (payload: never) => {
  const p = payload as Record<string, unknown> | null;
  const v = p?.[name] ?? p?.[alt];
  return typeof v === "string" || typeof v === "number" ? v : undefined;
};

/** At most 10 running jobs per `company_id` (or `companyId`). */
export const perCompanyConcurrency = (limit: number = TENANT_CONCURRENCY.perCompany) =>
  concurrencyLimit({ name: "per-company", limit, by: field("company_id", "companyId") });

/** At most 5 running jobs per `user_id` (or `userId`). */
export const perUserConcurrency = (limit: number = TENANT_CONCURRENCY.perUser) =>
  concurrencyLimit({ name: "per-user", limit, by: field("user_id", "userId") });
