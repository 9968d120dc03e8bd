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

export async function load(
  url: string | (() => string),
  options: { requests: number; concurrency: number; headers?: Record<string, string>; warmup?: number },
): Promise<LoadResult> {
  const next = typeof url === "function" ? url : () => url;
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
  for (let i = 0; i < (options.warmup ?? 10); i++) await once();
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let issued = 0;
  const client = async () => {
    while (issued < options.requests) {
      issued++;
      const r = await once();
      latencies.push(r.ms);
      if (!r.ok) errors++;
      bytes = r.bytes;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p975: round(percentile(latencies, 97.5)),
    max: round(latencies.at(-1) ?? NaN),
    bytes,
  };
}
