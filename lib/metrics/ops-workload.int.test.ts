// Issue 6 "Done when" (1/3): a controlled workload — known counts, sleeps that give
// known runtimes and worker start delays that give known waits — must read the same
// in the snapshots, `npm run queue:metrics` (the real CLI), GET /api/queues/health,
// GET /api/metrics/snapshots and the Prometheus text (parsed). Real Redis + PostgreSQL.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as healthRoute } from "@/app/api/queues/health/route";
import { GET as prometheusRoute } from "@/app/api/metrics/prometheus/route";
import { GET as snapshotsRoute } from "@/app/api/metrics/snapshots/route";
import { resetEnvCache } from "../env";
import { closeQueues, createQueueWorker, defineJob, dispatchMany, getQueue, type QueueWorker } from "../queue";
import { createRedis } from "../redis/connection";
import { publishSupervisor } from "../supervisor/heartbeats";
import { minuteOf } from "./keys";
import { parsePrometheusText, sampleValue } from "./prometheus-parse";
import type { QueueMetricsReport } from "./queue-metrics";
import { flushRecordings, recordFinishedEvent } from "./record-job";
import { closeMetricsRedis } from "./redis";
import { readSnapshots } from "./snapshot-queries";
import { takeSnapshot, type JobSnapshot, type QueueSnapshot } from "./snapshots";
import { get, removeUsers, signedInUser, sleep, uniqueName, waitFor, type TestUser } from "./test-support";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

// The workload. emails: 12 jobs of ~40 ms, 3 of them fail; its worker starts 700 ms after dispatch.
// sms: 6 jobs of ~150 ms; worker after 300 ms. low: 5 jobs nobody works (size 5).
const EMAILS = { jobs: 12, failures: 3, sleepMs: 40, startAfterMs: 700 };
const SMS = { jobs: 6, sleepMs: 150, startAfterMs: 300 };
const LOW_WAITING = 5;

const fast = defineJob({
  name: uniqueName("MetricsFast"), queue: "emails", tries: 1,
  payload: z.object({ i: z.number(), fail: z.boolean() }),
  async handle(ctx) {
    await sleep(EMAILS.sleepMs);
    if (ctx.payload.fail) throw new Error("planned failure");
  },
});
const slow = defineJob({
  name: uniqueName("MetricsSlow"), queue: "sms", tries: 1, payload: z.object({ i: z.number() }),
  handle: () => sleep(SMS.sleepMs),
});
const idle = defineJob({ name: uniqueName("MetricsIdle"), queue: "low", payload: z.object({}), handle: () => undefined });

/**
 * Expected value with tolerance: never below the plan (less 20 ms of clock granularity), above it
 * by at most `slack` — the worker's start-up and event-loop delays on a loaded 2-core machine.
 * A planned wait is a range: dispatching a queue's jobs takes a few ms.
 */
type Planned = number | { min: number; max: number };
const RUNTIME_SLACK = 150;
const near = (value: number, planned: Planned, slack = 400) => {
  const { min, max } = typeof planned === "number" ? { min: planned, max: planned } : planned;
  expect(value).toBeGreaterThanOrEqual(min - 20);
  expect(value).toBeLessThanOrEqual(max + slack);
};

/** When each queue's jobs were dispatched and its worker started: the waits they imply. */
const timeline = { emails: { from: 0, to: 0, worker: 0 }, sms: { from: 0, to: 0, worker: 0 } };
const plannedWait = (q: "emails" | "sms"): Planned => ({ min: timeline[q].worker - timeline[q].to, max: timeline[q].worker - timeline[q].from });
/** A p95 read from the 10 %-wide histogram buckets may sit anywhere in its bucket. */
const bucketed = (planned: Planned): Planned => {
  const { min, max } = typeof planned === "number" ? { min: planned, max: planned } : planned;
  return { min: min / 1.1, max: max * 1.1 };
};

let workers: QueueWorker[] = [];
let started = 0;
let ended = 0;
let viewer: TestUser;
const redis = createRedis();

function startWorker(queue: string, concurrency: number): QueueWorker {
  const worker = createQueueWorker(queue, { concurrency, onJobFinished: recordFinishedEvent, onFinalFailure: async () => {} });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  viewer = await signedInUser("VIEWER");
  // A live supervisor with 3 processes on emails: the health check and Prometheus must report it.
  await publishSupervisor(redis, {
    name: "test-host-1:notifications", supervisor: "notifications", master: "test-host-1", host: "test-host", pid: 1,
    environment: "local", status: "running", connection: "redis", queues: ["emails", "sms"], balance: "simple",
    minProcesses: 1, maxProcesses: 3, processes: { emails: 3 }, pools: [{ queue: "emails", fetches: ["emails"], processes: 3 }],
    runtimeMs: {}, memoryMb: 10, lastSeen: Date.now(),
  }, 60_000);

  started = Date.now();
  timeline.emails.from = Date.now();
  await dispatchMany(fast, Array.from({ length: EMAILS.jobs }, (_, i) => ({ i, fail: i < EMAILS.failures })));
  timeline.emails.to = timeline.sms.from = Date.now();
  await dispatchMany(slow, Array.from({ length: SMS.jobs }, (_, i) => ({ i })));
  timeline.sms.to = Date.now();
  await dispatchMany(idle, Array.from({ length: LOW_WAITING }, () => ({})));
  await sleep(started + SMS.startAfterMs - Date.now());
  timeline.sms.worker = Date.now();
  startWorker("sms", 10);
  await sleep(started + EMAILS.startAfterMs - Date.now());
  timeline.emails.worker = Date.now();
  startWorker("emails", 20);
  await waitFor(async () => {
    const [e, s] = await Promise.all([getQueue("emails").getJobCounts("completed", "failed"), getQueue("sms").getJobCounts("completed")]);
    return e.completed + e.failed === EMAILS.jobs && s.completed === SMS.jobs;
  }, 20_000);
  await flushRecordings();
  ended = Date.now();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
  await removeUsers([viewer]);
  redis.disconnect();
  await closeMetricsRedis();
  await closeQueues();
});

/** Sums a queue's snapshot points over the workload's minutes (it may straddle a minute boundary). */
function combine(points: QueueSnapshot[]) {
  const jobs = points.reduce((s, p) => s + p.throughput, 0);
  const waitSamples = points.reduce((s, p) => s + p.waitSamples, 0);
  return {
    jobs,
    failed: points.reduce((s, p) => s + p.failed, 0),
    avgWait: points.reduce((s, p) => s + p.avgWaitMs * p.waitSamples, 0) / waitSamples,
    avgRuntime: points.reduce((s, p) => s + p.avgRuntimeMs * p.runtimeSamples, 0) / points.reduce((s, p) => s + p.runtimeSamples, 0),
    p95Wait: Math.max(...points.filter((p) => p.throughput).map((p) => p.p95WaitMs)),
  };
}

describe("a controlled workload reads the same everywhere", () => {
  it("snapshots: per-queue throughput, failure rate, avg/p95 wait; per-job throughput, avg/p95 runtime", async () => {
    const result = await takeSnapshot({ now: ended + 63_000 });
    expect(result.minutes).toContain(minuteOf(ended));
    const series = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended) });
    const emails = combine(series.queues.emails);
    expect(emails.jobs).toBe(EMAILS.jobs);
    expect(emails.failed).toBe(EMAILS.failures);
    near(emails.avgWait, plannedWait("emails"));
    near(emails.p95Wait, bucketed(plannedWait("emails")), 500);
    const sms = combine(series.queues.sms);
    expect(sms).toMatchObject({ jobs: SMS.jobs, failed: 0 });
    near(sms.avgWait, plannedWait("sms"));
    near(sms.avgRuntime, SMS.sleepMs, RUNTIME_SLACK);

    const slowPoints: JobSnapshot[] = series.jobs[slow.name].filter((p) => p.throughput);
    expect(slowPoints.reduce((s, p) => s + p.throughput, 0)).toBe(SMS.jobs);
    for (const p of slowPoints) {
      near(p.avgRuntimeMs, SMS.sleepMs, RUNTIME_SLACK);
      near(p.p95RuntimeMs, bucketed(SMS.sleepMs), RUNTIME_SLACK);
    }
    const fastPoints = series.jobs[fast.name].filter((p) => p.throughput);
    expect(fastPoints.reduce((s, p) => s + p.failed, 0)).toBe(EMAILS.failures);
    for (const p of fastPoints) near(p.p95RuntimeMs, bucketed(EMAILS.sleepMs), RUNTIME_SLACK);
    // The idle queue is known (config) but measured nothing: no series, not a fake zero.
    expect(series.queues.low).toBeUndefined();
  });

  it("a second snapshot run for the same time writes nothing again", async () => {
    const before = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended), queues: ["emails"], jobs: [] });
    const again = await takeSnapshot({ now: ended + 63_000 });
    expect(again.minutes).toEqual([]);
    const after = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended), queues: ["emails"], jobs: [] });
    expect(after.queues.emails).toEqual(before.queues.emails);
  });

  it("npm run queue:metrics -- --json and the table print the same numbers", async () => {
    const args = ["run", "-s", "queue:metrics", "--", "--queue", "emails,sms", "--queue", "low", "--minutes", "5"];
    const { stdout: json } = await run("npm", [...args, "--json"], { cwd: ROOT, env: process.env });
    const report = JSON.parse(json) as QueueMetricsReport;
    expect(Object.keys(report.queue_sizes)).toEqual(["emails", "sms", "low"]);
    expect(report.queue_sizes).toEqual({ emails: 0, sms: 0, low: LOW_WAITING });
    expect(report.queues.emails).toMatchObject({ jobs: EMAILS.jobs, failed: EMAILS.failures, failure_rate: 0.25 });
    expect(report.queues.sms).toMatchObject({ jobs: SMS.jobs, failed: 0 });
    expect(report.job_throughput).toBe((EMAILS.jobs + SMS.jobs) / 5);
    expect(report.failure_rate).toBeCloseTo(EMAILS.failures / (EMAILS.jobs + SMS.jobs));
    const weighted = (k: "min" | "max") => {
      const e = plannedWait("emails") as { min: number; max: number };
      const m = plannedWait("sms") as { min: number; max: number };
      return (EMAILS.jobs * e[k] + SMS.jobs * m[k]) / (EMAILS.jobs + SMS.jobs);
    };
    near(report.average_wait_time_ms, { min: weighted("min"), max: weighted("max") });
    near(report.queues.sms.average_runtime_ms, SMS.sleepMs, RUNTIME_SLACK);

    const { stdout: table } = await run("npm", args, { cwd: ROOT, env: process.env });
    const rows = Object.fromEntries(
      table.split("\n").filter((l) => l.startsWith("| ")).map((l) => l.split("|").slice(1, -1).map((c) => c.trim())),
    );
    expect(rows.job_throughput).toBe(`${report.job_throughput} jobs/minute`);
    expect(rows.average_wait_time).toBe(`${report.average_wait_time_ms} ms`);
    expect(rows.failure_rate).toBe(`${((EMAILS.failures / (EMAILS.jobs + SMS.jobs)) * 100).toFixed(2)}%`);
    expect(rows.queue_sizes).toBe(`emails: 0, sms: 0, low: ${LOW_WAITING}`);
  });

  it("GET /api/queues/health: size, failed, status and workers per queue", async () => {
    expect((await healthRoute(get("/api/queues/health"))).status).toBe(401);
    const res = await healthRoute(get("/api/queues/health?queue=emails,sms,low", { cookie: viewer.cookie }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Record<string, { size: number; failed: number; status: string; workers: number }> };
    expect(body.queues).toEqual({
      emails: expect.objectContaining({ size: 0, failed: EMAILS.failures, status: "idle", workers: 3 }),
      sms: expect.objectContaining({ size: 0, failed: 0, status: "idle", workers: 0 }),
      low: expect.objectContaining({ size: LOW_WAITING, failed: 0, status: "healthy", workers: 0 }),
    });
  });

  it("GET /api/metrics/snapshots serves the same points to a viewer", async () => {
    const url = `/api/metrics/snapshots?minutes=5&to=${minuteOf(ended)}&queues=emails&jobs=${slow.name}`;
    const res = await snapshotsRoute(get(url, { cookie: viewer.cookie }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Record<string, QueueSnapshot[]>; jobs: Record<string, JobSnapshot[]> };
    expect(Object.keys(body.queues)).toEqual(["emails"]);
    expect(combine(body.queues.emails)).toMatchObject({ jobs: EMAILS.jobs, failed: EMAILS.failures });
    expect(body.jobs[slow.name].reduce((s, p) => s + p.throughput, 0)).toBe(SMS.jobs);
  });

  it("GET /api/metrics/prometheus: parsed samples match the workload", async () => {
    const res = await prometheusRoute(get("/api/metrics/prometheus", { authorization: "Bearer metrics-test-token" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const p = parsePrometheusText(await res.text());
    const e = { queue: "emails", job: fast.name };
    const s = { queue: "sms", job: slow.name };
    expect(sampleValue(p, "switchyard_jobs_processed_total", e)).toBe(EMAILS.jobs);
    expect(sampleValue(p, "switchyard_jobs_failed_total", e)).toBe(EMAILS.failures);
    expect(sampleValue(p, "switchyard_jobs_processed_total", s)).toBe(SMS.jobs);
    expect(sampleValue(p, "switchyard_jobs_failed_total", s)).toBe(0);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_count", e)).toBe(EMAILS.jobs);
    // Every emails job slept 40 ms: none is in the 25 ms bucket, all are in the +Inf one.
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...e, le: "0.025" })).toBe(0);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...e, le: "+Inf" })).toBe(EMAILS.jobs);
    near((sampleValue(p, "switchyard_job_runtime_seconds_sum", s)! / SMS.jobs) * 1000, SMS.sleepMs, RUNTIME_SLACK);
    near((sampleValue(p, "switchyard_job_wait_seconds_sum", e)! / sampleValue(p, "switchyard_job_wait_seconds_count", e)!) * 1000, plannedWait("emails"));
    expect(sampleValue(p, "switchyard_queue_jobs", { queue: "low", state: "waiting" })).toBe(LOW_WAITING);
    expect(sampleValue(p, "switchyard_queue_jobs", { queue: "emails", state: "failed" })).toBe(EMAILS.failures);
    expect(sampleValue(p, "switchyard_queue_jobs", { queue: "sms", state: "completed" })).toBe(SMS.jobs);
    expect(sampleValue(p, "switchyard_queue_workers", { queue: "emails" })).toBe(3);
    expect(p.types.switchyard_batches).toBe("gauge");
  });

  it("the Prometheus route wants the bearer token, and does not exist without one configured", async () => {
    expect((await prometheusRoute(get("/api/metrics/prometheus"))).status).toBe(401);
    expect((await prometheusRoute(get("/api/metrics/prometheus", { authorization: "Bearer wrong" }))).status).toBe(401);
    expect((await prometheusRoute(get("/api/metrics/prometheus", { cookie: viewer.cookie }))).status).toBe(401);
    const saved = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
    try {
      expect((await prometheusRoute(get("/api/metrics/prometheus", { authorization: "Bearer metrics-test-token" }))).status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = saved;
      resetEnvCache();
    }
  });
});
