import { describe, expect, it } from "vitest";
import { fineBucket, fineBucketBounds, promBucket, PROM_BUCKETS_SECONDS, quantileFromBuckets } from "./buckets";

describe("fine buckets", () => {
  it.each([
    [0, 0], [0.5, 0], [1, 0], [1.05, 1], [1.1, 1], [1.2, 2], [100, 49], [1000, 73], [86_400_000, 192],
  ])("%s ms falls in bucket %s", (ms, bucket) => {
    expect(fineBucket(ms)).toBe(bucket);
  });

  it("every value lies within its bucket's bounds", () => {
    for (const ms of [1.01, 3, 17, 50, 52.3, 199, 200, 201, 1234, 60_000, 3_600_000]) {
      const [lo, hi] = fineBucketBounds(fineBucket(ms));
      expect(ms).toBeGreaterThan(lo);
      expect(ms).toBeLessThanOrEqual(hi * (1 + 1e-9));
    }
  });

  it("p95 of a known distribution is within the bucket width (10 %)", () => {
    const counts = new Map<number, number>();
    for (let ms = 1; ms <= 1000; ms++) counts.set(fineBucket(ms), (counts.get(fineBucket(ms)) ?? 0) + 1);
    expect(quantileFromBuckets(counts, 0.95)).toBeGreaterThan(950 * 0.9);
    expect(quantileFromBuckets(counts, 0.95)).toBeLessThan(950 * 1.1);
    expect(quantileFromBuckets(counts, 0.5)).toBeGreaterThan(500 * 0.9);
    expect(quantileFromBuckets(counts, 0.5)).toBeLessThan(500 * 1.1);
  });

  it("p95 of a single repeated value is that value within 10 %", () => {
    const counts = new Map([[fineBucket(200), 40]]);
    const p95 = quantileFromBuckets(counts, 0.95);
    expect(p95).toBeGreaterThan(200 / 1.1);
    expect(p95).toBeLessThanOrEqual(200 * 1.1);
  });

  it("p95 of nothing is 0", () => {
    expect(quantileFromBuckets(new Map(), 0.95)).toBe(0);
  });
});

describe("Prometheus buckets", () => {
  it.each([
    [0, 0], [5, 0], [6, 1], [50, 3], [51, 4], [1000, 7], [3_600_000, PROM_BUCKETS_SECONDS.length - 1], [3_600_001, PROM_BUCKETS_SECONDS.length],
  ])("%s ms → le index %s", (ms, index) => {
    expect(promBucket(ms)).toBe(index);
  });
});
