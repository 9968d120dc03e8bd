// Prometheus exposition (issue 6 §5). The numbers live in Redis (written by every
// worker on every host), so each scrape reads them once and builds a fresh
// prom-client Registry from them for the gauges and counters; the histograms'
// bucket counts were counted in Redis, so they are written out as text here.
// Labels are `queue` and `job` so a Grafana panel can `sum by (queue)` at once.
import type { Redis } from "ioredis";
import { Counter, Gauge, Registry } from "prom-client";
import { logger } from "../logger";
import { workersPerQueue } from "../supervisor/heartbeats";
import { PROM_BUCKETS_SECONDS } from "./buckets";
import { metricsKeys, parseTotalsField } from "./keys";
import { JOB_STATES, knownQueues, queueCounts, type StateCounts } from "./queue-counts";
import { metricsRedis } from "./redis";

export interface PrometheusData {
  counts: Record<string, StateCounts>;
  workers: Record<string, number>;
  /** The cumulative totals hash (recording.ts). */
  totals: Record<string, string>;
  /** Batches by state, when the batch store answered. */
  batches?: Record<string, number>;
}

interface PairTotals {
  c: number;
  f: number;
  t: number;
  rs: number;
  rn: number;
  ws: number;
  wn: number;
  r: number[];
  w: number[];
}

const BUCKETS = PROM_BUCKETS_SECONDS.length + 1; // + the +Inf bucket

type Pairs = Map<string, { queue: string; job: string; t: PairTotals }>;

function pairTotals(totals: Record<string, string>): Pairs {
  const pairs = new Map<string, { queue: string; job: string; t: PairTotals }>();
  for (const [field, raw] of Object.entries(totals)) {
    const parsed = parseTotalsField(field);
    const value = Number(raw);
    if (!parsed || !Number.isFinite(value)) continue;
    const id = `${parsed.queue}|${parsed.job}`;
    let entry = pairs.get(id);
    if (!entry) {
      entry = {
        queue: parsed.queue, job: parsed.job,
        t: { c: 0, f: 0, t: 0, rs: 0, rn: 0, ws: 0, wn: 0, r: new Array(BUCKETS).fill(0), w: new Array(BUCKETS).fill(0) },
      };
      pairs.set(id, entry);
    }
    const m = parsed.metric;
    if (m === "c" || m === "f" || m === "t" || m === "rs" || m === "rn" || m === "ws" || m === "wn") entry.t[m] += value;
    else if ((m[0] === "r" || m[0] === "w") && /^\d+$/.test(m.slice(1))) {
      const i = Math.min(Number(m.slice(1)), BUCKETS - 1);
      entry.t[m[0] as "r" | "w"][i] += value;
    }
  }
  return pairs;
}

interface HistogramSeries {
  queue: string;
  job: string;
  /** Non-cumulative counts per PROM_BUCKETS_SECONDS bound, the last one for +Inf. */
  buckets: number[];
  sumMs: number;
}

/** Label value escaping of the text format: backslash, newline, double quote. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/**
 * One histogram family in the text format. prom-client's Histogram only takes observations,
 * not bucket counts kept elsewhere, and formatting ~4,000 bucket lines value by value through
 * the Registry was half of a scrape's time; the lines are plain, and the tests parse them back.
 */
export function histogramText(name: string, help: string, series: HistogramSeries[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const s of series) {
    const labels = `queue="${escapeLabel(s.queue)}",job="${escapeLabel(s.job)}"`;
    let cumulative = 0;
    PROM_BUCKETS_SECONDS.forEach((le, i) => {
      cumulative += s.buckets[i];
      lines.push(`${name}_bucket{le="${le}",${labels}} ${cumulative}`);
    });
    cumulative += s.buckets[BUCKETS - 1];
    lines.push(`${name}_bucket{le="+Inf",${labels}} ${cumulative}`, `${name}_sum{${labels}} ${s.sumMs / 1000}`, `${name}_count{${labels}} ${cumulative}`);
  }
  return lines.join("\n");
}

/** Pure: the Registry of one scrape's gauges and counters (histograms: histogramText). */
export function buildRegistry(data: PrometheusData, pairs: Pairs = pairTotals(data.totals)): Registry {
  const registry = new Registry();
  const jobs = new Gauge({ name: "switchyard_queue_jobs", help: "Jobs in the queue by state (waiting, delayed, active, failed, ...)", labelNames: ["queue", "state"], registers: [registry] });
  const workers = new Gauge({ name: "switchyard_queue_workers", help: "Worker processes serving the queue, all hosts", labelNames: ["queue"], registers: [registry] });
  for (const [queue, counts] of Object.entries(data.counts)) {
    for (const state of JOB_STATES) jobs.set({ queue, state }, counts[state]);
    workers.set({ queue }, data.workers[queue] ?? 0);
  }
  const processed = new Counter({ name: "switchyard_jobs_processed_total", help: "Jobs finished (completed or failed for good)", labelNames: ["queue", "job"], registers: [registry] });
  const failed = new Counter({ name: "switchyard_jobs_failed_total", help: "Jobs failed for good", labelNames: ["queue", "job"], registers: [registry] });
  const retried = new Counter({ name: "switchyard_job_attempts_retried_total", help: "Attempts that failed or were released and ran again", labelNames: ["queue", "job"], registers: [registry] });
  for (const { queue, job, t } of pairs.values()) {
    const labels = { queue, job };
    // A fresh Registry per scrape: inc() from zero sets the counter to Redis's cumulative value.
    processed.inc(labels, t.c + t.f);
    failed.inc(labels, t.f);
    retried.inc(labels, t.t);
  }
  if (data.batches) {
    const batches = new Gauge({ name: "switchyard_batches", help: "Batches by state", labelNames: ["state"], registers: [registry] });
    for (const [state, n] of Object.entries(data.batches)) batches.set({ state }, n);
  }
  return registry;
}

export type BatchCounter = () => Promise<Record<string, number>>;

/** Reads everything a scrape shows: queue counts, heartbeats and the totals hash, concurrently. */
export async function collectPrometheusData(options: { redis?: Redis; batchCounts?: BatchCounter } = {}): Promise<PrometheusData> {
  const redis = options.redis ?? metricsRedis();
  const queues = await knownQueues(redis);
  const [counts, workers, totals, batches] = await Promise.all([
    queueCounts(queues, redis),
    workersPerQueue(redis),
    redis.hgetall(metricsKeys.totals()),
    options.batchCounts?.().catch((error: unknown) => {
      logger.warn({ err: error }, "prometheus: batch counts unavailable, omitted from this scrape");
      return undefined;
    }),
  ]);
  return { counts, workers, totals, batches };
}

/** Pure: the whole exposition of one scrape — the Registry's families, then the two histograms. */
export async function renderExposition(data: PrometheusData): Promise<string> {
  const pairs = pairTotals(data.totals);
  const registry = buildRegistry(data, pairs);
  const runtime: HistogramSeries[] = [];
  const wait: HistogramSeries[] = [];
  for (const { queue, job, t } of pairs.values()) {
    runtime.push({ queue, job, buckets: t.r, sumMs: t.rs });
    if (t.wn > 0) wait.push({ queue, job, buckets: t.w, sumMs: t.ws });
  }
  const families = [
    (await registry.metrics()).trimEnd(),
    histogramText("switchyard_job_runtime_seconds", "Attempt runtime (started → finished)", runtime),
    histogramText("switchyard_job_wait_seconds", "Wait before the first attempt (due → started)", wait),
  ];
  return `${families.join("\n\n")}\n`;
}

export async function prometheusText(options: Parameters<typeof collectPrometheusData>[0] = {}): Promise<{ contentType: string; body: string }> {
  return { contentType: Registry.PROMETHEUS_CONTENT_TYPE, body: await renderExposition(await collectPrometheusData(options)) };
}
