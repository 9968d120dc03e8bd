import { describe, expect, it } from "vitest";
import { buildHealth, queueStatus } from "./queue-health";

const thresholds = { busyAt: 100, overloadedAt: 1000 };

describe("queueStatus (the seed's getStatus)", () => {
  it.each([
    [0, "idle"], [1, "healthy"], [99, "healthy"], [100, "busy"], [999, "busy"], [1000, "overloaded"], [50_000, "overloaded"],
  ] as const)("size %s is %s", (size, status) => {
    expect(queueStatus(size, thresholds)).toBe(status);
  });

  it("follows configured thresholds", () => {
    expect(queueStatus(10, { busyAt: 10, overloadedAt: 20 })).toBe("busy");
    expect(queueStatus(20, { busyAt: 10, overloadedAt: 20 })).toBe("overloaded");
  });
});

describe("buildHealth", () => {
  it("takes size from ready jobs only and workers from the heartbeat counts", () => {
    const counts = {
      emails: { waiting: 90, prioritized: 20, delayed: 500, active: 3, completed: 7, failed: 4, "waiting-children": 0 },
      sms: { waiting: 0, prioritized: 0, delayed: 2, active: 0, completed: 0, failed: 0, "waiting-children": 0 },
    };
    expect(buildHealth(counts, { emails: 3 }, thresholds)).toEqual({
      emails: { size: 110, failed: 4, status: "busy", workers: 3, delayed: 500, active: 3 },
      sms: { size: 0, failed: 0, status: "idle", workers: 0, delayed: 2, active: 0 },
    });
  });
});
