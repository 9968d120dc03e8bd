import { describe, expect, it } from "vitest";
import { HEALTHY_RUN_MS, nextCrashCount, restartDelayMs } from "./restart-backoff";
import { RuntimeAverage } from "./runtime-average";
import { supervisorCommandSchema } from "./commands";

describe("restart backoff", () => {
  const backoff = { initialMs: 1_000, maxMs: 60_000 };
  it.each([
    [1, 0], [2, 1_000], [3, 2_000], [4, 4_000], [7, 32_000], [8, 60_000], [30, 60_000],
  ])("crash #%i in a row waits %i ms", (crashes, delay) => {
    expect(restartDelayMs(crashes, backoff)).toBe(delay);
  });
  it("a run that lasted resets the count; a quick crash adds to it", () => {
    expect(nextCrashCount(5, HEALTHY_RUN_MS)).toBe(1);
    expect(nextCrashCount(5, 200)).toBe(6);
  });
});

describe("runtime average", () => {
  it("is 0 before any run and averages a moving window per queue", () => {
    const avg = new RuntimeAverage(3);
    expect(avg.of("default")).toBe(0);
    [10, 20, 30, 40].forEach((ms) => avg.record("default", ms));
    avg.record("high", 5);
    expect(avg.of("default")).toBe(30);
    expect(avg.all()).toEqual({ default: 30, high: 5 });
  });
});

describe("supervisor commands", () => {
  it("accepts the five commands and refuses anything else", () => {
    for (const c of [{ type: "pause" }, { type: "continue" }, { type: "terminate" }, { type: "restart" }, { type: "scale", processes: 3 }]) {
      expect(supervisorCommandSchema.parse(c)).toEqual(c);
    }
    expect(supervisorCommandSchema.safeParse({ type: "scale" }).success).toBe(false);
    expect(supervisorCommandSchema.safeParse({ type: "scale", processes: -1 }).success).toBe(false);
    expect(supervisorCommandSchema.safeParse({ type: "explode" }).success).toBe(false);
  });
});
