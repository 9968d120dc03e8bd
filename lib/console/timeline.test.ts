import { describe, expect, it } from "vitest";
import { jobTimeline } from "./timeline";

const T = 1_000_000;

describe("jobTimeline", () => {
  it.each([
    ["waiting", { timestamp: T, delay: 0, processedOn: null, finishedOn: null, state: "waiting" }, [["created", 0], ["waiting", null]]],
    ["delayed, not due", { timestamp: T, delay: 5_000, processedOn: null, finishedOn: null, state: "delayed" }, [["created", 0], ["delayed", null]]],
    ["running", { timestamp: T, delay: 0, processedOn: T + 300, finishedOn: null, state: "active" }, [["created", 0], ["waited", 300], ["running", null]]],
    ["completed", { timestamp: T, delay: 0, processedOn: T + 300, finishedOn: T + 1_300, state: "completed" }, [["created", 0], ["waited", 300], ["ran", 1_000], ["completed", null]]],
    ["failed after a delay", { timestamp: T, delay: 2_000, processedOn: T + 2_500, finishedOn: T + 2_600, state: "failed" }, [["created", 0], ["delayed", 2_000], ["waited", 500], ["ran", 100], ["failed", null]]],
  ] as const)("%s", (_name, facts, expected) => {
    expect(jobTimeline(facts).map((s) => [s.step, s.durationMs])).toEqual(expected);
  });

  it("is empty without a timestamp (a vanished job)", () => {
    expect(jobTimeline({ timestamp: null, delay: 0, processedOn: null, finishedOn: null, state: "unknown" })).toEqual([]);
  });
});
