// Histogram buckets, pure. Two kinds:
//  - fine log buckets (10 % wide) for the per-minute p95: counts of many minutes
//    and hosts add up field by field, which a sample reservoir cannot do;
//  - the fixed `le` bounds of the Prometheus histograms (seconds), which
//    Grafana's histogram_quantile() expects to be stable.

/** Each fine bucket's upper bound is 10 % above its lower bound. */
const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);

/**
 * Index of the fine bucket holding `ms`: bucket 0 is [0, 1] ms, bucket i > 0 is
 * (1.1^(i-1), 1.1^i] ms. A day is bucket 183, so the field count stays small.
 */
export function fineBucket(ms: number): number {
  if (!(ms > 1)) return 0;
  // The epsilon keeps exact powers (1.1^i computed as a float) in their own bucket.
  return Math.max(1, Math.ceil(Math.log(ms) / LOG_GROWTH - 1e-9));
}

/** [lower, upper] bounds in ms of fine bucket `i`. */
export function fineBucketBounds(i: number): [number, number] {
  if (i <= 0) return [0, 1];
  return [GROWTH ** (i - 1), GROWTH ** i];
}

/**
 * The q-quantile (0 < q ≤ 1) of values counted in fine buckets, interpolated
 * linearly inside the bucket that holds it (error ≤ the bucket's 10 % width).
 * Returns 0 for no values.
 */
export function quantileFromBuckets(counts: ReadonlyMap<number, number>, q: number): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  const indexes = [...counts.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const i of indexes) {
    const c = counts.get(i) ?? 0;
    if (c <= 0) continue;
    if (seen + c >= rank) {
      const [lo, hi] = fineBucketBounds(i);
      // Spread the bucket's values evenly over its width; the r-th of c sits at r/c.
      return lo + ((hi - lo) * (rank - seen)) / c;
    }
    seen += c;
  }
  const [, hi] = fineBucketBounds(indexes[indexes.length - 1] ?? 0);
  return hi;
}

/** Prometheus `le` bounds in seconds: 5 ms … 1 h, the range of our jobs (webhooks to reports). */
export const PROM_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
] as const;

/** Index into PROM_BUCKETS_SECONDS of the first bound ≥ ms, or its length for +Inf. */
export function promBucket(ms: number): number {
  const s = ms / 1000;
  for (let i = 0; i < PROM_BUCKETS_SECONDS.length; i++) if (s <= PROM_BUCKETS_SECONDS[i]) return i;
  return PROM_BUCKETS_SECONDS.length;
}
