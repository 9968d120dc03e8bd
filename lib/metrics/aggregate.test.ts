import { describe, expect, it } from "vitest";
import { aggregateMinutes } from "./aggregate";
import { fineBucket } from "./buckets";

describe("aggregateMinutes", () => {
  it("sums minutes and derives throughput, failure rate, averages and p95", () => {
    const m1 = {
      "q|emails|n": "8", "q|emails|f": "2", "q|emails|ws": "800", "q|emails|wn": "8", [`q|emails|w${fineBucket(100)}`]: "8",
      "q|emails|rs": "400", "q|emails|rn": "8",
      "j|SendEmail|n": "8", "j|SendEmail|f": "2", "j|SendEmail|rs": "400", "j|SendEmail|rn": "8", [`j|SendEmail|r${fineBucket(50)}`]: "8",
    };
    const m2 = {
      "q|emails|n": "2", "q|emails|ws": "2000", "q|emails|wn": "2", [`q|emails|w${fineBucket(1000)}`]: "2",
      "q|emails|rs": "100", "q|emails|rn": "2",
      "j|SendEmail|n": "2", "j|SendEmail|rs": "100", "j|SendEmail|rn": "2", [`j|SendEmail|r${fineBucket(50)}`]: "2",
      "garbage": "1", "q|x|n": "not a number",
    };
    const { queues, jobs } = aggregateMinutes([m1, m2]);
    const q = queues.get("emails")!;
    expect(q.throughput).toBe(10);
    expect(q.failed).toBe(2);
    expect(q.failureRate).toBeCloseTo(0.2);
    expect(q.avgWaitMs).toBe(280);
    // 8 of 10 waits are 100 ms, 2 are 1000 ms: the 95th percentile is in the 1000 ms bucket.
    expect(q.p95WaitMs).toBeGreaterThan(900);
    expect(q.p95WaitMs).toBeLessThanOrEqual(1100);
    expect(q.avgRuntimeMs).toBe(50);
    expect(q.waitSamples).toBe(10);
    const j = jobs.get("SendEmail")!;
    expect(j.throughput).toBe(10);
    expect(j.avgRuntimeMs).toBe(50);
    expect(j.p95RuntimeMs).toBeGreaterThan(45);
    expect(j.p95RuntimeMs).toBeLessThanOrEqual(55);
    // Fields that are not ours or not numbers are skipped, not counted as zero.
    expect(queues.has("x")).toBe(false);
  });

  it("reports zeros, not NaN, for a queue that only measured attempts", () => {
    const { queues } = aggregateMinutes([{ "q|low|rs": "30", "q|low|rn": "1" }]);
    expect(queues.get("low")).toMatchObject({ throughput: 0, failureRate: 0, avgWaitMs: 0, p95WaitMs: 0, avgRuntimeMs: 30 });
  });
});
