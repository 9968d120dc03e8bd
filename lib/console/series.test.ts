import { describe, expect, it } from "vitest";
import { bucketSeries, headline } from "./series";

const p = (at: number, throughput: number, avgRuntimeMs = 0, avgWaitMs = 0, failed = 0) => ({ at, throughput, failed, avgRuntimeMs, avgWaitMs });

describe("bucketSeries", () => {
  it("sums queues per bucket, weights averages by jobs, and fills quiet buckets with zeros", () => {
    const out = bucketSeries([[p(0, 10, 100, 50), p(60_000, 0)], [p(0, 30, 200, 10, 3)]], 0, 180_000, 60_000);
    expect(out).toEqual([
      { at: 0, throughput: 40, failed: 3, avgRuntimeMs: 175, avgWaitMs: 20 },
      { at: 60_000, throughput: 0, failed: 0, avgRuntimeMs: 0, avgWaitMs: 0 },
      { at: 120_000, throughput: 0, failed: 0, avgRuntimeMs: 0, avgWaitMs: 0 },
    ]);
  });

  it("puts minutes into 5-minute buckets and drops points outside the range", () => {
    const out = bucketSeries([[p(0, 1), p(240_000, 2), p(300_000, 4), p(900_000, 8)]], 0, 600_000, 300_000);
    expect(out.map((b) => b.throughput)).toEqual([3, 4]);
  });
});

describe("headline", () => {
  it("jobs per minute, job-weighted wait and failure rate", () => {
    expect(headline([[p(0, 60, 0, 100, 3)], [p(0, 60, 0, 300)]], 60)).toEqual({ jobsPerMinute: 2, avgWaitMs: 200, failureRate: 0.025 });
    expect(headline([], 60)).toEqual({ jobsPerMinute: 0, avgWaitMs: 0, failureRate: 0 });
  });
});
