import { describe, expect, it } from "vitest";
import { defineRateLimit, rateLimitKey, rateLimits } from "./rate-limits";

describe("the seed's named rate limits", () => {
  it.each([
    ["api-calls", 60, 60, { company_id: 12 }, "12"],
    ["emails", 100, 3_600, { customer_id: 7 }, "7"],
    ["sms", 50, 86_400, { customerId: "c-9" }, "c-9"],
  ])("%s: %i per %is keyed by the tenant", (name, points, durationSec, payload, key) => {
    const limit = rateLimits.get(name)!;
    expect(limit).toMatchObject({ points, durationSec });
    expect(rateLimitKey(limit, payload)).toBe(key);
  });

  it("jobs without a key share one bucket", () => {
    expect(rateLimitKey(rateLimits.get("api-calls")!, {})).toBe("(none)");
  });

  it("refuses a limit without points or window", () => {
    expect(() => defineRateLimit({ name: "x", points: 0, durationSec: 1, by: () => "k" })).toThrow(/positive/);
  });
});
