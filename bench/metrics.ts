// `npm run bench:metrics`: how fast the ops routes answer with 50 queues and 100 job
// classes (issue 6: GET /api/metrics/snapshots and /api/metrics/prometheus < 50 ms).
// Runs the real route handlers (guard included) in the test environment (test
// database, Redis DB 1) under its own key prefix; removes its keys and user after.
// Options: --queues=50 --jobs=100 --minutes=60 --requests=50
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and vitest
import { applyTestEnv } from "../scripts/test-env.mjs";

applyTestEnv();
process.env.REDIS_PREFIX = `switchyard-bench-metrics-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL = "warn";

const { values } = parseArgs({
  options: { queues: { type: "string" }, jobs: { type: "string" }, minutes: { type: "string" }, requests: { type: "string" } },
});
const QUEUES = Number(values.queues ?? 50);
const JOB_CLASSES = Number(values.jobs ?? 100);
const MINUTES = Number(values.minutes ?? 60);
const REQUESTS = Number(values.requests ?? 50);

const { encode } = await import("next-auth/jwt");
const { authSecret } = await import("../lib/auth/secret");
const { sessionCookieName } = await import("../lib/auth/session-cookie");
const { createUser } = await import("../lib/auth/users");
const { prisma } = await import("../lib/db/client");
const { env } = await import("../lib/env");
const { createRedis } = await import("../lib/redis/connection");
const { getQueue, closeQueues } = await import("../lib/queue/queues");
const { addJobMetrics } = await import("../lib/metrics/recording");
const { RedisWrites, metricsPipeline } = await import("../lib/metrics/writes");
const { takeSnapshot } = await import("../lib/metrics/snapshots");
const { MINUTE_MS, minuteOf } = await import("../lib/metrics/keys");
const { closeMetricsRedis } = await import("../lib/metrics/redis");
const { publishSupervisor } = await import("../lib/supervisor/heartbeats");
const { parsePrometheusText } = await import("../lib/metrics/prometheus-parse");
const prometheusRoute = (await import("../app/api/metrics/prometheus/route")).GET;
const snapshotsRoute = (await import("../app/api/metrics/snapshots/route")).GET;
const healthRoute = (await import("../app/api/queues/health/route")).GET;

const redis = createRedis();
const queues = Array.from({ length: QUEUES }, (_, i) => `bench-q${String(i).padStart(2, "0")}`);
const jobClasses = Array.from({ length: JOB_CLASSES }, (_, i) => ({ name: `Bench.Job${i}`, queue: queues[i % QUEUES] }));

/** MINUTES of history: every job class finished 5 jobs a minute (1 failed), recorded as workers would. */
async function seed(now: number): Promise<void> {
  const first = minuteOf(now) - MINUTES * MINUTE_MS;
  for (let m = 0; m < MINUTES; m++) {
    const writes = new RedisWrites();
    for (const [i, job] of jobClasses.entries()) {
      for (let k = 0; k < 5; k++) {
        addJobMetrics(writes, {
          queue: job.queue, name: job.name, jobId: `${m}-${i}-${k}`, outcome: k === 0 ? "failed" : "completed",
          runtimeMs: 20 + ((i * 7 + k * 13) % 400), waitMs: (k * 37) % 900, finishedAt: first + m * MINUTE_MS + k * 1000,
        });
      }
    }
    await writes.appendTo(metricsPipeline(redis)).exec();
  }
  await takeSnapshot({ now });
  // Some waiting work on every queue, and a few supervisors' heartbeats.
  for (const q of queues) await getQueue(q).addBulk(Array.from({ length: 3 }, () => ({ name: "Bench.Waiting", data: {} })));
  for (let s = 0; s < 5; s++) {
    const fetches = queues.slice(s * 10, s * 10 + 10);
    await publishSupervisor(redis, {
      name: `bench-host:sup-${s}`, supervisor: `sup-${s}`, master: "bench-host", host: "bench-host", pid: 1, environment: "local",
      status: "running", connection: "redis", queues: fetches, balance: "simple", minProcesses: 1, maxProcesses: 3,
      processes: { [fetches.join(",")]: 3 }, pools: [{ queue: fetches.join(","), fetches, processes: 3 }], runtimeMs: {}, memoryMb: 1, lastSeen: Date.now(),
    }, 600_000);
  }
}

async function time(label: string, call: () => Promise<Response>, check: (res: Response) => Promise<void>): Promise<string> {
  for (let i = 0; i < 5; i++) await check(await call()); // warm-up (module init, connections, JIT)
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const res = await call();
    await res.arrayBuffer();
    const used = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
  }
  const pick = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(1);
  // Wall time includes waiting for Redis/PostgreSQL and for the CPU on a shared machine; the CPU column is this process's own work.
  return `${label.padEnd(46)} | ${pick(ms, 0.5).padStart(6)} | ${pick(ms, 0.95).padStart(6)} | ${pick(ms, 1).padStart(6)} | ${pick(cpu, 0.5).padStart(10)}`;
}

const { recordFinishedEvent, flushRecordings } = await import("../lib/metrics/record-job");
const { setImmediate: turn } = await import("node:timers/promises");

/**
 * CPU per recorded job, flushes to Redis included: what recording adds to a worker's job loop
 * (compare with the runtime's CPU per job, bench/job-runtime.ts). 30 job classes on 10 queues;
 * `tagged` payloads carry company_id + a unique call_id, so every job also indexes two tags.
 */
async function recordingCost(tagged: boolean, jobs = 200_000): Promise<string> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < jobs; i++) {
    recordFinishedEvent({
      queue: `cost-q${i % 10}`, name: `Cost.Job${i % 30}`, jobId: String(i), attempt: 1,
      outcome: i % 20 ? "completed" : "failed", waitMs: i % 500, runtimeMs: i % 300,
      ...(tagged ? { payload: { company_id: i % 50, call_id: `call_${i}` } } : {}),
    });
    // A worker's event loop turns between jobs; let the flush timer and pipelines run as they would.
    if (i % 1_000 === 999) await turn();
  }
  await flushRecordings();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  return `${(tagged ? "recording, 2 tags per job" : "recording, untagged").padEnd(28)} | ${((cpu.user + cpu.system) / jobs).toFixed(2).padStart(11)} | ${((jobs / wall) * 1000).toFixed(0).padStart(11)}`;
}

const now = Date.now();
const user = await createUser({ email: `bench-${randomUUID().slice(0, 8)}@switchyard.test`, password: randomUUID(), role: "VIEWER" });
try {
  const started = performance.now();
  await seed(now);
  console.error(`seeded ${QUEUES} queues × ${JOB_CLASSES} job classes × ${MINUTES} min in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const cookie = `${sessionCookieName()}=${await encode({ token: { sub: user.id, email: user.email, role: "VIEWER" }, secret: authSecret() })}`;
  const req = (url: string, headers: Record<string, string>) => new Request(`http://127.0.0.1:3100${url}`, { headers });
  const scrape = () => prometheusRoute(req("/api/metrics/prometheus", { authorization: `Bearer ${env().METRICS_TOKEN}` }));
  const rows = [
    await time("GET /api/metrics/prometheus", scrape, async (res) => {
      const samples = parsePrometheusText(await res.text()).samples.length;
      if (samples < JOB_CLASSES * 20) throw new Error(`prometheus: only ${samples} samples`);
    }),
    await time(`GET /api/metrics/snapshots (all series, last 60 min)`, () => snapshotsRoute(req("/api/metrics/snapshots?minutes=60", { cookie })), async (res) => {
      const body = (await res.json()) as { queues: Record<string, unknown[]>; jobs: Record<string, unknown[]> };
      if (Object.keys(body.queues).length !== QUEUES || Object.keys(body.jobs).length !== JOB_CLASSES) throw new Error("snapshots: series missing");
    }),
    await time(`GET /api/metrics/snapshots (1 queue, 24 h)`, () => snapshotsRoute(req(`/api/metrics/snapshots?minutes=1440&queues=${queues[0]}&jobs=none`, { cookie })), async () => {}),
    await time("GET /api/queues/health", () => healthRoute(req("/api/queues/health", { cookie })), async () => {}),
  ];
  const costRows = [await recordingCost(false), await recordingCost(true)];
  const scrapeBytes = (await (await scrape()).text()).length;
  console.log(`\nmetrics routes: ${QUEUES} queues, ${JOB_CLASSES} job classes, ${MINUTES} min of snapshots, ${REQUESTS} sequential requests each (prometheus body ${(scrapeBytes / 1024).toFixed(0)} KiB)`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" / ")} (2 cores)`);
  console.log(`${"route".padEnd(46)} | p50 ms | p95 ms | max ms | CPU ms p50`);
  for (const row of rows) console.log(row);
  console.log(`\nrecording cost: 200,000 finished jobs through recordFinishedEvent, flushed to Redis`);
  console.log(`${"variant".padEnd(28)} | CPU µs/job | jobs/s max`);
  for (const row of costRows) console.log(row);
} finally {
  await prisma().user.delete({ where: { id: user.id } }).catch(() => {});
  for (const q of queues) await getQueue(q).obliterate({ force: true }).catch(() => {});
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${env().REDIS_PREFIX}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
  await closeMetricsRedis();
  await closeQueues();
}
process.exit(0);
