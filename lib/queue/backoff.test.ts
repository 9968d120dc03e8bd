import { describe, expect, it } from "vitest";
import { backoffDelayMs, backoffSpecSchema, type BackoffSpec } from "./backoff";

describe("backoffDelayMs", () => {
  const seed: BackoffSpec = [10, 30, 60, 120, 300];
  it.each<[string, BackoffSpec | undefined, number, number, number]>([
    // name, spec, attempt that failed, random, expected ms
    ["none → immediate", undefined, 1, 0.5, 0],
    ["fixed seconds", 5, 1, 0.5, 5_000],
    ["fixed, any attempt", 5, 7, 0.5, 5_000],
    ["fractional seconds", 0.25, 2, 0.5, 250],
    ["seed array, attempt 1", seed, 1, 0.5, 10_000],
    ["seed array, attempt 3", seed, 3, 0.5, 60_000],
    ["seed array, attempt 5", seed, 5, 0.5, 300_000],
    ["array repeats its last value", seed, 9, 0.5, 300_000],
    ["exponential, attempt 1", { type: "exponential", base: 2 }, 1, 0.5, 2_000],
    ["exponential doubles", { type: "exponential", base: 2 }, 4, 0.5, 16_000],
    ["exponential capped", { type: "exponential", base: 2, max: 10 }, 6, 0.5, 10_000],
    ["jitter with random 0 keeps the full delay", { type: "exponential", base: 2, jitter: 0.5 }, 2, 0, 4_000],
    ["jitter with random 0.999 removes up to the fraction", { type: "exponential", base: 2, jitter: 0.5 }, 2, 0.999, 2_002],
    ["attempt below 1 is treated as 1", seed, 0, 0.5, 10_000],
  ])("%s", (_name, spec, attempt, random, expected) => {
    expect(backoffDelayMs(spec, attempt, () => random)).toBe(expected);
  });

  it("jittered delays stay within [delay × (1 − jitter), delay]", () => {
    const spec: BackoffSpec = { type: "exponential", base: 1, jitter: 0.3 };
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(spec, 3);
      expect(d).toBeGreaterThanOrEqual(2_800);
      expect(d).toBeLessThanOrEqual(4_000);
    }
  });

  it("schema rejects negative and empty forms", () => {
    expect(backoffSpecSchema.safeParse(-1).success).toBe(false);
    expect(backoffSpecSchema.safeParse([]).success).toBe(false);
    expect(backoffSpecSchema.safeParse({ type: "exponential", base: 1, jitter: 2 }).success).toBe(false);
    expect(backoffSpecSchema.safeParse({ type: "linear", base: 1 }).success).toBe(false);
  });
});
