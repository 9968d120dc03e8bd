import { describe, expect, it } from "vitest";
import { calculateWaitTimes, longWaits, secondsToClear } from "./wait-time";

describe("WaitTimeCalculator (Horizon's tests as a table)", () => {
  it.each([
    // readyNow, runtime ms, processes → seconds
    { ready: 10, runtime: 1000, processes: 1, expected: 10 }, // time to clear ÷ processes
    { ready: 10, runtime: 1000, processes: 2, expected: 5 },
    { ready: 10, runtime: 1000, processes: 0, expected: 10 }, // no processes: the whole time to clear
    { ready: 0, runtime: 1000, processes: 4, expected: 0 },
    { ready: 3, runtime: 500, processes: 2, expected: 1 }, // 0.75 s rounds to 1
    { ready: 1, runtime: 400, processes: 1, expected: 0 },
  ])("$ready jobs × $runtime ms over $processes processes = $expected s", ({ ready, runtime, processes, expected }) => {
    expect(calculateWaitTimes([{ name: "redis:default", queues: [{ readyNow: ready, runtimeMs: runtime }], processes }]))
      .toEqual([{ name: "redis:default", seconds: expected }]);
  });

  it("sums the queues of a multi-queue pool and sorts the longest wait first", () => {
    expect(calculateWaitTimes([
      { name: "redis:email", queues: [{ readyNow: 5, runtimeMs: 1000 }], processes: 1 },
      { name: "redis:high,default", queues: [{ readyNow: 10, runtimeMs: 1000 }, { readyNow: 10, runtimeMs: 3000 }], processes: 4 },
    ])).toEqual([{ name: "redis:high,default", seconds: 10 }, { name: "redis:email", seconds: 5 }]);
  });

  it("rounds like PHP's round() for halves", () => {
    expect(secondsToClear(1500, 1)).toBe(2);
    expect(secondsToClear(2500, 1)).toBe(3);
  });
});

describe("longWaits (Horizon's MonitorWaitTimes)", () => {
  const waits = [
    { name: "redis:default", seconds: 61 },
    { name: "redis:high", seconds: 60 },
    { name: "redis:low", seconds: 500 },
    { name: "redis:emails", seconds: 70 },
  ];
  it("flags queues above their threshold, 60 s by default, never with a threshold of 0", () => {
    expect(longWaits(waits, { "redis:default": 60, "redis:high": 60, "redis:low": 0 })).toEqual([
      { connection: "redis", queue: "default", seconds: 61, threshold: 60 },
      { connection: "redis", queue: "emails", seconds: 70, threshold: 60 },
    ]);
  });
});
