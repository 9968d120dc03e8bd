// The load loop of bench/console.ts: `concurrency` clients, each sending its next
// request as soon as the previous answered, until `requests` are done; every
// latency is kept so p50 / p95 / p97.5 are exact, not interpolated buckets.

export interface LoadResult {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p975: number;
  max: number;
  /** Bytes of the last body (a sanity check that both sides answered with data). */
  bytes: number;
}

/** Nearest-rank percentile of sorted values. Pure. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Summarizes latencies (ms) into the percentiles the report prints. Pure. */
export function summarize(latencies: number[], errors: number, bytes: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: sorted.length,
    errors,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p975: round(percentile(sorted, 97.5)),
    max: round(sorted.at(-1) ?? NaN),
    bytes,
  };
}

/**
 * Requests per side and route, at the measured concurrency, before the first measured one. Measured
 * here: a fresh `next start` answers its first 3,000 overview calls at p50 14.5 / p95 28.4 ms and
 * the next 3,000 at 10.8 / 19.4 ms (its JIT is still compiling Next's request path); Express warms
 * up sooner, so a short warm-up compares a cold server with a warm one.
 */
export const DEFAULT_WARMUP = 2_000;

export interface Side {
  url: string;
  headers?: Record<string, string>;
}

/**
 * Two servers compared fairly on a shared, busy machine: rounds of `perRound`
 * requests (at `concurrency`) alternate between the sides, so background load
 * falls on both alike instead of on whichever ran second.
 */
export async function compare(a: Side, b: Side, options: { requests: number; concurrency: number; rounds?: number; warmup?: number }): Promise<[LoadResult, LoadResult]> {
  const rounds = options.rounds ?? 6;
  const perRound = Math.ceil(options.requests / rounds);
  const acc = [{ lat: [] as number[], errors: 0, bytes: 0 }, { lat: [] as number[], errors: 0, bytes: 0 }];
  for (let r = 0; r < rounds; r++) {
    for (const [i, side] of (r % 2 ? [[1, b], [0, a]] : [[0, a], [1, b]]) as [number, Side][]) {
      const res = await raw(side.url, { requests: perRound, concurrency: options.concurrency, headers: side.headers, warmup: r === 0 ? options.warmup : 0 });
      acc[i].lat.push(...res.latencies);
      acc[i].errors += res.errors;
      acc[i].bytes = res.bytes;
    }
  }
  return [summarize(acc[0].lat, acc[0].errors, acc[0].bytes), summarize(acc[1].lat, acc[1].errors, acc[1].bytes)];
}

export async function load(
  url: string,
  options: { requests: number; concurrency: number; headers?: Record<string, string>; warmup?: number },
): Promise<LoadResult> {
  const r = await raw(url, options);
  return summarize(r.latencies, r.errors, r.bytes);
}

async function raw(
  url: string,
  options: { requests: number; concurrency: number; headers?: Record<string, string>; warmup?: number },
): Promise<{ latencies: number[]; errors: number; bytes: number }> {
  const next = () => url;
  const once = async (): Promise<{ ms: number; ok: boolean; bytes: number }> => {
    const t0 = performance.now();
    try {
      const res = await fetch(next(), { headers: options.headers });
      const body = await res.arrayBuffer();
      return { ms: performance.now() - t0, ok: res.ok, bytes: body.byteLength };
    } catch {
      return { ms: performance.now() - t0, ok: false, bytes: 0 };
    }
  };
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let issued = 0;
  const client = async (requests: number, keep: boolean) => {
    while (issued < requests) {
      issued++;
      const r = await once();
      if (!keep) continue;
      latencies.push(r.ms);
      if (!r.ok) errors++;
      bytes = r.bytes;
    }
  };
  // Warm-up at the measured concurrency, discarded: a server that runs for days is what an admin meets.
  const warmup = options.warmup ?? DEFAULT_WARMUP;
  await Promise.all(Array.from({ length: options.concurrency }, () => client(warmup, false)));
  issued = 0;
  await Promise.all(Array.from({ length: options.concurrency }, () => client(options.requests, true)));
  return { latencies, errors, bytes };
}
