import { describe, expect, it } from "vitest";
import { allJobsRan, progressOf, recordFromHash, snapshotOf, type BatchRecord } from "./progress";

const record = (patch: Partial<BatchRecord>): BatchRecord => ({
  id: "b1", name: "Monthly Billing - 2026-10", queue: "billing", connection: "redis", allowFailures: true,
  totalJobs: 0, pendingJobs: 0, failedJobs: 0, cancelledJobs: 0, createdAt: 1, cancelledAt: null, finishedAt: null, ...patch,
});

describe("progressOf", () => {
  it.each([
    // total, pending, progress
    [0, 0, 0],
    [10, 10, 0],
    [10, 5, 50],
    [3, 2, 33],
    [1000, 1, 99], // rounded down: 100 only when every job is done
    [1000, 0, 100],
  ])("total %i, pending %i → %i %%", (totalJobs, pendingJobs, expected) => {
    expect(progressOf({ totalJobs, pendingJobs })).toBe(expected);
  });

  it("counts jobs that failed for good as done (Laravel would stop below 100 %)", () => {
    expect(progressOf({ totalJobs: 100, pendingJobs: 0 })).toBe(100);
    expect(snapshotOf(record({ totalJobs: 100, pendingJobs: 0, failedJobs: 3, finishedAt: 5 })).progress).toBe(100);
  });

  it("stays in 0–100 on inconsistent input", () => {
    expect(progressOf({ totalJobs: 10, pendingJobs: 20 })).toBe(0);
    expect(progressOf({ totalJobs: 10, pendingJobs: -5 })).toBe(100);
  });
});

describe("snapshotOf", () => {
  it("reports the seed's monitor fields", () => {
    const s = snapshotOf(record({ totalJobs: 10, pendingJobs: 4, failedJobs: 2, cancelledJobs: 1 }), ["j1", "j2"]);
    expect(s).toMatchObject({
      totalJobs: 10, pendingJobs: 4, failedJobs: 2, failedJobIds: ["j1", "j2"], processedJobs: 6, succeededJobs: 3,
      progress: 60, finished: false, cancelled: false,
    });
  });
  it("is finished and cancelled by its timestamps", () => {
    const s = snapshotOf(record({ totalJobs: 2, cancelledAt: 10, finishedAt: 20 }));
    expect([s.finished, s.cancelled]).toEqual([true, true]);
  });
});

describe("allJobsRan", () => {
  it.each([[0, 0, false], [5, 1, false], [5, 0, true]])("total %i pending %i → %s", (totalJobs, pendingJobs, ran) => {
    expect(allJobsRan({ totalJobs, pendingJobs })).toBe(ran);
  });
});

describe("recordFromHash", () => {
  it("parses the Redis hash", () => {
    expect(recordFromHash("b1", {
      name: "n", queue: "billing", connection: "redis", allowFailures: "1", totalJobs: "5", pendingJobs: "2",
      failedJobs: "1", cancelledJobs: "0", createdAt: "100", finishedAt: "200",
    })).toEqual(record({ name: "n", totalJobs: 5, pendingJobs: 2, failedJobs: 1, createdAt: 100, finishedAt: 200 }));
  });
  it("is null for a missing or foreign hash", () => {
    expect(recordFromHash("b1", {})).toBeNull();
    expect(recordFromHash("b1", { foo: "bar" })).toBeNull();
  });
});

describe("isFreshAttempt", async () => {
  const { isFreshAttempt } = await import("./batch-lifecycle");
  it.each([
    [1, 0, true], // first attempt
    [2, 1, true], // retry after a failed attempt
    [2, 0, false], // re-run after a stall (or a release): check Redis
    [undefined, 0, true],
  ])("attemptsStarted %s, attemptsMade %s → %s", (attemptsStarted, attemptsMade, fresh) => {
    expect(isFreshAttempt({ attemptsStarted, attemptsMade })).toBe(fresh);
  });
});
