// Prometheus exposition (issue 6 §5). The numbers live in Redis (written by every
// worker on every host), so each scrape reads them once and builds a fresh
// prom-client Registry from them: gauges and counters are prom-client's own,
// histograms are precomputed bucket counts handed to the Registry's formatter.
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

function pairTotals(totals: Record<string, string>): Map<string, { queue: string; job: string; t: PairTotals }> {
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

type HistogramValue = { value: number; labels: Record<string, string | number>; sharedLabels?: Record<string, string>; metricName: string };

/** A histogram whose bucket counts were counted elsewhere (in Redis); the Registry only formats it. */
function precomputedHistogram(name: string, help: string, series: { labels: Record<string, string>; buckets: number[]; sumMs: number }[]) {
  return {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    async get() {
      const values: HistogramValue[] = [];
      for (const s of series) {
        let cumulative = 0;
        // `sharedLabels` (one object per series) lets the Registry format queue/job once per series,
        // not once per bucket line — what prom-client's own Histogram does.
        PROM_BUCKETS_SECONDS.forEach((le, i) => {
          cumulative += s.buckets[i];
          values.push({ value: cumulative, labels: { le }, sharedLabels: s.labels, metricName: `${name}_bucket` });
        });
        cumulative += s.buckets[BUCKETS - 1];
        values.push({ value: cumulative, labels: { le: "+Inf" }, sharedLabels: s.labels, metricName: `${name}_bucket` });
        values.push({ value: s.sumMs / 1000, labels: s.labels, metricName: `${name}_sum` });
        values.push({ value: cumulative, labels: s.labels, metricName: `${name}_count` });
      }
      return { name, help, type: "histogram", aggregator: "sum", values };
    },
  };
}

/** Pure: the Registry for one scrape. */
export function buildRegistry(data: PrometheusData): Registry {
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
  const runtime: Parameters<typeof precomputedHistogram>[2] = [];
  const wait: Parameters<typeof precomputedHistogram>[2] = [];
  for (const { queue, job, t } of pairTotals(data.totals).values()) {
    const labels = { queue, job };
    // A fresh Registry per scrape: inc() from zero sets the counter to Redis's cumulative value.
    processed.inc(labels, t.c + t.f);
    failed.inc(labels, t.f);
    retried.inc(labels, t.t);
    runtime.push({ labels, buckets: t.r, sumMs: t.rs });
    if (t.wn > 0) wait.push({ labels, buckets: t.w, sumMs: t.ws });
  }
  const register = (m: ReturnType<typeof precomputedHistogram>) =>
    registry.registerMetric(m as unknown as Parameters<Registry["registerMetric"]>[0]);
  register(precomputedHistogram("switchyard_job_runtime_seconds", "Attempt runtime (started → finished)", runtime));
  register(precomputedHistogram("switchyard_job_wait_seconds", "Wait before the first attempt (due → started)", wait));
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
    queueCounts(queues),
    workersPerQueue(redis),
    redis.hgetall(metricsKeys.totals()),
    options.batchCounts?.().catch((error: unknown) => {
      logger.warn({ err: error }, "prometheus: batch counts unavailable, omitted from this scrape");
      return undefined;
    }),
  ]);
  return { counts, workers, totals, batches };
}

export async function prometheusText(options: Parameters<typeof collectPrometheusData>[0] = {}): Promise<{ contentType: string; body: string }> {
  const registry = buildRegistry(await collectPrometheusData(options));
  return { contentType: registry.contentType, body: await registry.metrics() };
}
