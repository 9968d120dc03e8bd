// Issue 6 "Done when" (1/3): a controlled workload — known counts, sleeps that give
// known runtimes and worker start delays that give known waits — must read the same
// in the snapshots, `npm run queue:metrics` (the real CLI), GET /api/queues/health,
// GET /api/metrics/snapshots and the Prometheus text (parsed). Real Redis + PostgreSQL.
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as healthRoute } from "@/app/api/queues/health/route";
import { GET as prometheusRoute } from "@/app/api/metrics/prometheus/route";
import { GET as snapshotsRoute } from "@/app/api/metrics/snapshots/route";
import { resetEnvCache } from "../env";
import { closeQueues, createQueueWorker, defineJob, dispatchMany, getQueue, type JobFinishedEvent, type QueueWorker } from "../queue";
import { createRedis } from "../redis/connection";
import { publishSupervisor } from "../supervisor/heartbeats";
import { minuteOf } from "./keys";
import { parsePrometheusText, sampleValue } from "./prometheus-parse";
import type { QueueMetricsReport } from "./queue-metrics";
import { flushRecordings, recordFinishedEvent } from "./record-job";
import { closeMetricsRedis } from "./redis";
import { queueRuntimes, readSnapshots, windowStats } from "./snapshot-queries";
import { collectStatus, renderStatus } from "./queue-status";
import { CLOSE_GRACE_MS, takeSnapshot, type JobSnapshot, type QueueSnapshot } from "./snapshots";
import { get, removeUsers, signedInUser, sleep, uniqueName, waitFor, type TestUser } from "./test-support";

const run = promisify(execFile);
/** Starting a CLI loads TypeScript through tsx: seconds normally, near a minute on a saturated 2-core box. */
const CLI_TIMEOUT_MS = 120_000;
const ROOT = path.resolve(import.meta.dirname, "../..");

// The workload. emails: 12 jobs of ~40 ms, 3 of them fail; its worker starts 700 ms after dispatch.
// sms: 6 jobs of ~150 ms; worker after 300 ms. low: 5 jobs nobody works (size 5).
// What each job really took is known twice: its handler notes enqueue/start/end times, and the
// runtime's `finished` event reports its wait and runtime. On a loaded 2-core machine a 40 ms sleep
// may take 200 ms, so the plan is checked loosely against the handlers, the events against the
// handlers, and every surface (snapshots, CLI, routes, Prometheus) tightly against the events.
const EMAILS = { jobs: 12, failures: 3, sleepMs: 40, startAfterMs: 700 };
const SMS = { jobs: 6, sleepMs: 150, startAfterMs: 300 };
const LOW_WAITING = 5;

interface Observed { queue: string; enqueuedAt: number; startedAt: number; endedAt: number }
const observed: Observed[] = [];

async function observe(ctx: { queue: string; bullJob?: { timestamp: number } }, work: () => Promise<void>): Promise<void> {
  const o: Observed = { queue: ctx.queue, enqueuedAt: ctx.bullJob!.timestamp, startedAt: Date.now(), endedAt: 0 };
  observed.push(o);
  try {
    await work();
  } finally {
    o.endedAt = Date.now();
  }
}

const fast = defineJob({
  name: uniqueName("MetricsFast"), queue: "emails", tries: 1,
  payload: z.object({ i: z.number(), fail: z.boolean() }),
  handle: (ctx) => observe(ctx, async () => {
    await sleep(EMAILS.sleepMs);
    if (ctx.payload.fail) throw new Error("planned failure");
  }),
});
const slow = defineJob({
  name: uniqueName("MetricsSlow"), queue: "sms", tries: 1, payload: z.object({ i: z.number() }),
  handle: (ctx) => observe(ctx, () => sleep(SMS.sleepMs)),
});
const idle = defineJob({ name: uniqueName("MetricsIdle"), queue: "low", payload: z.object({}), handle: () => undefined });

/** What the runtime reported per attempt (the recorder's input). */
const reported: JobFinishedEvent[] = [];

/** The truth for one queue or job class: average and nearest-rank p95 of the reported waits and runtimes. */
function truth(queue: string) {
  const mine = reported.filter((e) => e.queue === queue);
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { avg: xs.reduce((a, b) => a + b, 0) / xs.length, p95: sorted[Math.ceil(0.95 * sorted.length) - 1] };
  };
  return { wait: stats(mine.map((e) => e.waitMs)), runtime: stats(mine.map((e) => e.runtimeMs)) };
}

/**
 * An average matches the reported one within rounding (1 ms + 1 %: values are stored as whole ms);
 * a p95 read from the 10 %-wide buckets may sit anywhere in the bucket of the true one.
 */
function close(measured: number, actual: number, kind: "avg" | "p95" = "avg"): void {
  const [lo, hi] = kind === "p95" ? [actual / 1.1 - 1, actual * 1.1 + 1] : [actual * 0.99 - 1, actual * 1.01 + 1];
  expect(measured).toBeGreaterThanOrEqual(lo);
  expect(measured).toBeLessThanOrEqual(hi);
}

let workers: QueueWorker[] = [];
let started = 0;
let ended = 0;
let viewer: TestUser;
const redis = createRedis();

function startWorker(queue: string, concurrency: number): QueueWorker {
  const onJobFinished = (e: JobFinishedEvent) => {
    reported.push(e);
    recordFinishedEvent(e);
  };
  const worker = createQueueWorker(queue, { concurrency, onJobFinished, onFinalFailure: async () => {} });
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
  }, 600_000); // long enough to outlive this file's slowest run

  // The workload takes a few seconds: start it where it fits in one minute, so each snapshot point holds all of it.
  if (Date.now() % 60_000 > 50_000) await sleep(60_000 - (Date.now() % 60_000) + 100);
  started = Date.now();
  await dispatchMany(fast, Array.from({ length: EMAILS.jobs }, (_, i) => ({ i, fail: i < EMAILS.failures })));
  await dispatchMany(slow, Array.from({ length: SMS.jobs }, (_, i) => ({ i })));
  await dispatchMany(idle, Array.from({ length: LOW_WAITING }, () => ({})));
  await sleep(started + SMS.startAfterMs - Date.now());
  startWorker("sms", 10);
  await sleep(started + EMAILS.startAfterMs - Date.now());
  startWorker("emails", 20);
  await waitFor(async () => {
    const [e, s] = await Promise.all([getQueue("emails").getJobCounts("completed", "failed"), getQueue("sms").getJobCounts("completed")]);
    return e.completed + e.failed === EMAILS.jobs && s.completed === SMS.jobs;
  }, 20_000);
  await flushRecordings();
  ended = Date.now();
  // The plan held, roughly: every job waited at least its worker's delay and ran at least its sleep;
  // and the runtime's reports enclose what the handlers saw (its clock starts before and stops after them).
  expect(reported).toHaveLength(EMAILS.jobs + SMS.jobs);
  expect(observed).toHaveLength(EMAILS.jobs + SMS.jobs);
  for (const o of observed) {
    const plan = o.queue === "emails" ? EMAILS : SMS;
    expect(o.startedAt - started).toBeGreaterThanOrEqual(plan.startAfterMs);
    expect(o.endedAt - o.startedAt).toBeGreaterThanOrEqual(plan.sleepMs - 2);
  }
  for (const q of ["emails", "sms"]) {
    const handlers = observed.filter((o) => o.queue === q);
    const events = reported.filter((e) => e.queue === q);
    const maxHandlerRuntime = Math.max(...handlers.map((o) => o.endedAt - o.startedAt));
    expect(Math.max(...events.map((e) => e.runtimeMs))).toBeGreaterThanOrEqual(maxHandlerRuntime - 1);
    expect(Math.min(...events.map((e) => e.waitMs))).toBeLessThanOrEqual(Math.min(...handlers.map((o) => o.startedAt - o.enqueuedAt)) + 1);
  }
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
  await removeUsers([viewer]);
  redis.disconnect();
  await closeMetricsRedis();
  await closeQueues();
});

describe("a controlled workload reads the same everywhere", () => {
  it("snapshots: per-queue throughput, failure rate, avg/p95 wait; per-job throughput, avg/p95 runtime", async () => {
    const result = await takeSnapshot({ now: minuteOf(ended) + 60_000 + CLOSE_GRACE_MS });
    expect(result.minutes).toContain(minuteOf(ended));
    const series = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended) });
    // beforeAll started the workload early enough in a minute for it to fit in that one minute.
    const point = <T extends { throughput: number }>(points: T[]) => {
      const busy = points.filter((p) => p.throughput > 0);
      expect(busy).toHaveLength(1);
      return busy[0];
    };
    const emails = point(series.queues.emails);
    expect(emails).toMatchObject({ at: minuteOf(started), throughput: EMAILS.jobs, failed: EMAILS.failures, failureRate: 0.25 });
    close(emails.avgWaitMs, truth("emails").wait.avg);
    close(emails.p95WaitMs, truth("emails").wait.p95, "p95");
    close(emails.avgRuntimeMs, truth("emails").runtime.avg);
    const sms = point(series.queues.sms);
    expect(sms).toMatchObject({ throughput: SMS.jobs, failed: 0, failureRate: 0 });
    close(sms.avgWaitMs, truth("sms").wait.avg);
    close(sms.p95WaitMs, truth("sms").wait.p95, "p95");

    const slowPoint = point(series.jobs[slow.name]);
    expect(slowPoint).toMatchObject({ throughput: SMS.jobs, failed: 0 });
    close(slowPoint.avgRuntimeMs, truth("sms").runtime.avg);
    close(slowPoint.p95RuntimeMs, truth("sms").runtime.p95, "p95");
    const fastPoint = point(series.jobs[fast.name]);
    expect(fastPoint).toMatchObject({ throughput: EMAILS.jobs, failed: EMAILS.failures });
    close(fastPoint.avgRuntimeMs, truth("emails").runtime.avg);
    close(fastPoint.p95RuntimeMs, truth("emails").runtime.p95, "p95");
    // The idle queue is known (config) but measured nothing: no series, not a fake zero.
    expect(series.queues.low).toBeUndefined();
  });

  it("a window of hours (the console's 24 h summary) adds the snapshotted minutes up exactly", async () => {
    const w = await windowStats({ from: ended - 24 * 3_600_000, to: ended + 120_000 });
    expect(w.queues.get("emails")).toMatchObject({ throughput: EMAILS.jobs, failed: EMAILS.failures, failureRate: 0.25 });
    close(w.queues.get("emails")!.p95WaitMs, truth("emails").wait.p95, "p95");
    close(w.queues.get("sms")!.avgWaitMs, truth("sms").wait.avg);
    expect(w.jobs.get(slow.name)).toMatchObject({ throughput: SMS.jobs, failed: 0 });
    close(w.jobs.get(slow.name)!.p95RuntimeMs, truth("sms").runtime.p95, "p95");
  });

  it("the autoscaler's runtime input: average runtime per queue from the latest snapshot", async () => {
    const runtimes = await queueRuntimes({ now: minuteOf(ended) + 60_000 + CLOSE_GRACE_MS });
    close(runtimes.emails, truth("emails").runtime.avg);
    close(runtimes.sms, truth("sms").runtime.avg);
    expect(runtimes.low).toBeUndefined();
  });

  it("npm run queue:status prints supervisors and queues, and --watch redraws", async () => {
    const text = renderStatus(await collectStatus({ minutes: 5 }));
    const row = (q: string) => text.split("\n").find((l) => l.startsWith(`| ${q} `))!.split("|").slice(1, -1).map((c) => c.trim());
    // Queue | Status | Size | Delayed | Active | Failed | Workers | Jobs/min | Avg wait | p95 wait | Fail %
    expect(row("emails").slice(0, 8)).toEqual(["emails", "idle", "0", "0", "0", String(EMAILS.failures), "3", String(EMAILS.jobs / 5)]);
    expect(row("low").slice(0, 3)).toEqual(["low", "healthy", String(LOW_WAITING)]);
    expect(text).toContain("test-host-1:notifications");

    const child = spawn("npm", ["run", "-s", "queue:status", "--", "--watch", "--interval", "0.5"], { cwd: ROOT, env: process.env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    try {
      await waitFor(() => out.split("\x1b[2J").filter((f) => f.includes("Switchyard status")).length >= 2, CLI_TIMEOUT_MS - 10_000);
    } finally {
      child.kill("SIGINT");
    }
    const frames = out.split("\x1b[2J").filter((f) => f.includes("Switchyard status"));
    expect(frames.at(-1)).toContain("| emails ");
  }, CLI_TIMEOUT_MS);

  it("a second snapshot run for the same time writes nothing again", async () => {
    const before = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended), queues: ["emails"], jobs: [] });
    const again = await takeSnapshot({ now: minuteOf(ended) + 60_000 + CLOSE_GRACE_MS });
    expect(again.minutes).toEqual([]);
    const after = await readSnapshots({ from: minuteOf(started), to: minuteOf(ended), queues: ["emails"], jobs: [] });
    expect(after.queues.emails).toEqual(before.queues.emails);
  });

  it("npm run queue:metrics -- --json and the table print the same numbers", async () => {
    const args = ["run", "-s", "queue:metrics", "--", "--queue", "emails,sms", "--queue", "low", "--minutes", "5"];
    // Both forms at once: each start of the CLI costs seconds of TypeScript loading on a busy machine.
    const [{ stdout: json }, { stdout: table }] = await Promise.all([
      run("npm", [...args, "--json"], { cwd: ROOT, env: process.env }),
      run("npm", args, { cwd: ROOT, env: process.env }),
    ]);
    const report = JSON.parse(json) as QueueMetricsReport;
    expect(Object.keys(report.queue_sizes)).toEqual(["emails", "sms", "low"]);
    expect(report.queue_sizes).toEqual({ emails: 0, sms: 0, low: LOW_WAITING });
    expect(report.queues.emails).toMatchObject({ jobs: EMAILS.jobs, failed: EMAILS.failures, failure_rate: 0.25 });
    expect(report.queues.sms).toMatchObject({ jobs: SMS.jobs, failed: 0 });
    expect(report.job_throughput).toBe((EMAILS.jobs + SMS.jobs) / 5);
    expect(report.failure_rate).toBeCloseTo(EMAILS.failures / (EMAILS.jobs + SMS.jobs));
    const allWaits = (truth("emails").wait.avg * EMAILS.jobs + truth("sms").wait.avg * SMS.jobs) / (EMAILS.jobs + SMS.jobs);
    close(report.average_wait_time_ms, allWaits);
    close(report.queues.emails.p95_wait_ms, truth("emails").wait.p95, "p95");
    close(report.queues.sms.average_runtime_ms, truth("sms").runtime.avg);

    const rows = Object.fromEntries(
      table.split("\n").filter((l) => l.startsWith("| ")).map((l) => l.split("|").slice(1, -1).map((c) => c.trim())),
    );
    expect(rows.job_throughput).toBe(`${report.job_throughput} jobs/minute`);
    expect(rows.average_wait_time).toBe(`${report.average_wait_time_ms} ms`);
    expect(rows.failure_rate).toBe(`${((EMAILS.failures / (EMAILS.jobs + SMS.jobs)) * 100).toFixed(2)}%`);
    expect(rows.queue_sizes).toBe(`emails: 0, sms: 0, low: ${LOW_WAITING}`);
  }, CLI_TIMEOUT_MS);

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
    expect(body.queues.emails.filter((p) => p.throughput)).toEqual([expect.objectContaining({ throughput: EMAILS.jobs, failed: EMAILS.failures })]);
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
    close((sampleValue(p, "switchyard_job_runtime_seconds_sum", s)! / SMS.jobs) * 1000, truth("sms").runtime.avg);
    expect(sampleValue(p, "switchyard_job_wait_seconds_count", e)).toBe(EMAILS.jobs);
    close((sampleValue(p, "switchyard_job_wait_seconds_sum", e)! / EMAILS.jobs) * 1000, truth("emails").wait.avg);
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
