// The seed's `concurrency_limits` (config/queue-optimization.php): per_company 10, per_user 5,
// and which payload field each one counts. The cap itself is proven against Redis in
// middleware.int.test.ts ("tenant limits").
import { describe, expect, it } from "vitest";
import type { MiddlewareContext } from "../types";
import { concurrencyLimit, perCompanyConcurrency, perUserConcurrency, TENANT_CONCURRENCY } from "./concurrency-limit";

describe("the seed's tenant concurrency limits", () => {
  it("per_company 10, per_user 5", () => {
    expect(TENANT_CONCURRENCY).toEqual({ perCompany: 10, perUser: 5 });
    expect(perCompanyConcurrency().limit).toBe(10);
    expect(perUserConcurrency().limit).toBe(5);
    expect(perCompanyConcurrency(3).limit).toBe(3);
  });

  it.each<[string, () => ReturnType<typeof perCompanyConcurrency>, unknown, string | undefined]>([
    ["company: company_id", perCompanyConcurrency, { company_id: 12, user_id: 3 }, "12"],
    ["company: companyId", perCompanyConcurrency, { companyId: "c-9" }, "c-9"],
    ["company: company_id wins over companyId", perCompanyConcurrency, { company_id: 1, companyId: 2 }, "1"],
    ["company: none → not limited", perCompanyConcurrency, { user_id: 3 }, undefined],
    ["company: empty → not limited", perCompanyConcurrency, { company_id: "" }, undefined],
    ["company: an object is not a key", perCompanyConcurrency, { company_id: { id: 1 } }, undefined],
    ["user: user_id", perUserConcurrency, { company_id: 12, user_id: 3 }, "3"],
    ["user: userId", perUserConcurrency, { userId: "u-1" }, "u-1"],
    ["user: none → not limited", perUserConcurrency, { company_id: 12 }, undefined],
    ["no payload", perUserConcurrency, null, undefined],
  ])("%s", (_name, make, payload, tenant) => {
    expect(make().tenantOf(payload)).toBe(tenant);
  });

  it("names its funnel after the limit", () => {
    expect(perCompanyConcurrency().name).toBe("concurrencyLimit:per-company");
    expect(perUserConcurrency().name).toBe("concurrencyLimit:per-user");
  });

  it("a job without a tenant runs straight through (no slot taken, nothing asked of Redis)", async () => {
    const limit = concurrencyLimit({ name: "t", limit: 1, by: () => undefined });
    const ctx = {
      payload: {},
      postpone: () => {
        throw new Error("must not postpone");
      },
      get definition(): never {
        throw new Error("a job without a tenant must not read lease settings");
      },
    } as unknown as MiddlewareContext;
    await expect(limit.handle(ctx, async () => "ran")).resolves.toBe("ran");
  });
});
