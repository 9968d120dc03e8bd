// Issue 7 · Soak (run by `npm run test:chaos`; long: SOAK_MS, default 30 min — see below).
// Steady, bounded webhook load — signed Retell deliveries POSTed to the real route
// under `next start` — processed by the real `workers` process (ProcessRetellWebhook
// writes Call + WebhookEvent rows to PostgreSQL). Every ~10 s the RSS of the workers
// master, its supervisors, their worker processes and the console is read from
// /proc, and the Redis keys under the prefix are counted.
// Proven (each assertion fails when the property breaks):
//   - RSS of each role after the warm-up grows < 10 %: the least-squares trend of
//     all samples after the warm-up, over that period, relative to its start. A
//     trend, not two points: the console's V8 heap swings ~40 MB (25 %) between
//     major GCs, so a one-minute median depends on the GC phase (two runs of the
//     same code measured −0.1 % and +29 % that way; the medians are still printed);
//   - the Redis key count is bounded by the trim windows: the windows are shortened
//     to 1 minute through the config override (SWITCHYARD_CONFIG_FILE, read by both
//     processes) so the housekeeping trim (every minute) acts within the run. From
//     minute 3 on every sample must hold ≤ KEYS_PER_JOB × the deliveries accepted in
//     the last 3 minutes + KEY_OVERHEAD; untrimmed, the count passes that bound before
//     minute 5 (at 25 req/s: 29,000 keys after 10 minutes against a bound of ~10,000);
//   - every accepted delivery was processed once (WebhookEvent rows = accepted ids),
//     no job failed, no 5xx.
// Own private redis-server; its rows in the test database are removed afterwards.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../authz/test-server";
import { usePrivateRedis, type PrivateRedis } from "./private-redis";
import { processGroup, workersTree } from "./process-rss";

// The issue asks for 10 minutes; 30 is the default because the console's RSS swings ±25 % with V8's
// major collections, and in 10 minutes one late swing reads as a >10 % trend (2 of 4 ten-minute runs;
// the 30-minute run: −4.7 %, docs/RELIABILITY.md). SOAK_MS=600000 runs the issue's 10 minutes.
const SOAK_MS = Number(process.env.SOAK_MS ?? 1_800_000);
const WARMUP_MS = Number(process.env.SOAK_WARMUP_MS ?? Math.min(120_000, SOAK_MS / 5));
const RATE = Number(process.env.SOAK_RATE ?? 25); // requests per second
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 10_000);
const WINDOW_MS = 60_000; // the medians compared are over one minute of samples
/** A finished webhook job leaves its job hash and its call's recent-tag index (one new call per delivery). */
const KEYS_PER_JOB = 2;
/** Trim window (1 min) + trim period (1 min) + 1 min slack for a late pass on a loaded machine. */
const KEY_LOOKBACK_MS = 180_000;
/** Keys not per job: queue meta, schedulers' kept history (≤ 100 each), snapshot claims and minutes (1 h). */
const KEY_OVERHEAD = 1_000;
const root = path.resolve(import.meta.dirname, "../..");

let redis: PrivateRedis;
let server: TestServer | undefined;
let companyId: string | undefined;

beforeAll(async () => {
  redis = await usePrivateRedis();
}, 30_000);

afterAll(async () => {
  (await import("@/workers/testing/harness")).destroyAllWorkers();
  await server?.stop();
  if (companyId) {
    const { prisma } = await import("@/lib/db/client");
    // Calls and customers cascade; the WebhookEvent rows carry no company, so go by the agent in their payload.
    const company = await prisma().company.findUnique({ where: { id: companyId }, select: { retellAgentId: true } });
    await prisma().webhookEvent.deleteMany({ where: { payload: { path: ["call", "agent_id"], equals: company?.retellAgentId ?? "" } } });
    await prisma().company.delete({ where: { id: companyId } });
    await prisma().$disconnect();
  }
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 2_000))]);
  await redis?.kill();
}, 120_000);

interface Sample {
  atMs: number; // since the load started
  masterKb: number;
  supervisorsKb: number;
  workersKb: number;
  workers: number;
  consoleKb: number;
  keys: number;
  accepted: number;
}

/** Growth over the samples' span as the least-squares line sees it: (fit(end) − fit(start)) / fit(start). */
function trendGrowth(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const first = points[0].x;
  const last = points[n - 1].x;
  const start = my + slope * (first - mx);
  return (slope * (last - first)) / start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

const mb = (kb: number) => (kb / 1024).toFixed(1);

/** Keys under the prefix (the private server holds nothing else, but count exactly what is ours). */
async function countKeys(client: import("ioredis").Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 2000);
    cursor = next;
    n += batch.length;
  } while (cursor !== "0");
  return n;
}

/** Key families (ids replaced by *) and their sizes, for the figures when the count grows. */
async function keyFamilies(client: import("ioredis").Redis, prefix: string): Promise<Record<string, number>> {
  const families: Record<string, number> = {};
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 2000);
    cursor = next;
    for (const k of batch) {
      const family = k.slice(prefix.length).replace(/retell-[\w-]+/g, "retell-*").replace(/:\d+(?=:|$)/g, ":*").replace(/call:[\w-]{20,}/g, "call:*");
      families[family] = (families[family] ?? 0) + 1;
    }
  } while (cursor !== "0");
  return Object.fromEntries(Object.entries(families).sort((a, b) => b[1] - a[1]).slice(0, 12));
}

it(`soak: ${SOAK_MS / 60_000} min of webhook load at ${RATE} req/s — RSS growth < 10 % after warm-up, Redis keys bounded`, async () => {
  const { env } = await import("@/lib/env");
  const { prisma } = await import("@/lib/db/client");
  const { createRedis } = await import("@/lib/redis/connection");
  const { getQueue } = await import("@/lib/queue");
  const { retellEnvelope, newRetellCallId, signedDelivery } = await import("@/lib/retell/fixtures");
  const { createCompany } = await import("@/lib/jobs/testing/harness");
  const harness = await import("@/workers/testing/harness");
  const prefix = env().REDIS_PREFIX;
  const key = env().RETELL_API_KEY!;
  const company = await createCompany(prisma());
  companyId = company.id;

  // Short trim windows so "bounded by the trim windows" is observable within the run (the defaults are 60 min+).
  const override = harness.supervisors(
    { webhooks: { queue: ["webhooks"], balance: "simple", processes: 2, tries: 3 } },
    {},
    {
      trim: { recent: 1, pending: 1, completed: 1, recent_failed: 1, failed: 1, monitored: 1 },
      metrics: { trim_snapshots: { job: 1, queue: 1 } },
    },
  );
  const configFile = harness.writeOverride(override);
  const workers = harness.startWorkers({ override, env: { SWITCHYARD_CONFIG_FILE: configFile, LOG_LEVEL: "warn" } });
  server = await startTestServer(root, { REDIS_URL: env().REDIS_URL, REDIS_PREFIX: prefix, SWITCHYARD_CONFIG_FILE: configFile, LOG_LEVEL: "warn" });
  const consolePid = await findConsolePid(server.baseUrl);
  const client = createRedis();
  await harness.waitFor(() => workersTree(workers.proc.pid!).workers >= 2, 120_000, "2 worker processes");

  const tally: Record<string, number> = {};
  const acceptedIds: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async () => {
    const envelope = retellEnvelope(Math.random() < 0.5 ? "call_started" : "call_ended", { callId: newRetellCallId(), agentId: company.retellAgentId! });
    const { body, headers } = signedDelivery(envelope, key);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const res = await fetch(`${server!.baseUrl}/api/retell/webhook`, { method: "POST", body, headers, signal: AbortSignal.timeout(10_000) });
      tally[res.status] = (tally[res.status] ?? 0) + 1;
      if (res.status === 204) acceptedIds.push(`retell-${(envelope.call as { call_id: string }).call_id}-${envelope.event}`);
    } catch (error) {
      tally[`error ${(error as Error).name}`] = (tally[`error ${(error as Error).name}`] ?? 0) + 1;
    } finally {
      inFlight--;
    }
  };

  // Bounded load: a fixed number of requests per 100 ms tick, never more than 200 outstanding.
  const startedAt = Date.now();
  const perTick = RATE / 10;
  let owed = 0;
  const pending = new Set<Promise<void>>();
  const loadTimer = setInterval(() => {
    owed += perTick;
    for (; owed >= 1; owed--) {
      if (inFlight >= 200) {
        tally.skipped = (tally.skipped ?? 0) + 1;
        continue;
      }
      const p = send();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  }, 100);

  const samples: Sample[] = [];
  const workerPidsSeen = new Set<number>();
  const sample = async () => {
    const tree = workersTree(workers.proc.pid!);
    tree.workerPids.forEach((pid) => workerPidsSeen.add(pid));
    const consoleKb = processGroup(consolePid).reduce((s, p) => s + p.rssKb, 0);
    samples.push({ atMs: Date.now() - startedAt, masterKb: tree.masterKb, supervisorsKb: tree.supervisorsKb, workersKb: tree.workersKb, workers: tree.workers, consoleKb, keys: await countKeys(client, prefix), accepted: acceptedIds.length });
  };
  let midFamilies: Record<string, number> = {};
  while (Date.now() - startedAt < SOAK_MS) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS - ((Date.now() - startedAt) % SAMPLE_MS)));
    await sample();
    if (!Object.keys(midFamilies).length && Date.now() - startedAt >= SOAK_MS / 2) midFamilies = await keyFamilies(client, prefix);
    expect(workers.proc.exitCode, "the workers process is still running").toBeNull();
  }
  clearInterval(loadTimer);
  await Promise.all(pending);
  const loadMs = Date.now() - startedAt;

  // Everything accepted gets processed: queue drained, no failures, one WebhookEvent row per accepted id.
  const queue = getQueue("webhooks");
  const drained = await harness.waitFor(async () => {
    const c = await queue.getJobCounts("wait", "active", "delayed", "prioritized", "failed");
    return c.wait + c.active + c.delayed + c.prioritized === 0 ? c : null;
  }, 120_000, "webhooks queue drained");
  let stored = 0;
  for (let i = 0; i < acceptedIds.length; i += 1000) {
    stored += await prisma().webhookEvent.count({ where: { eventId: { in: acceptedIds.slice(i, i + 1000) } } });
  }
  const endFamilies = await keyFamilies(client, prefix);
  client.disconnect();
  const replacements: Record<string, number> = {};
  for (const l of workers.logs) if (/worker process \d+ replaced/.test(l.msg)) replacements[String(l.reason)] = (replacements[String(l.reason)] ?? 0) + 1;

  const acceptedBefore = (atMs: number) => samples.filter((x) => x.atMs <= atMs).at(-1)?.accepted ?? 0;
  const keyBound = (x: Sample) => KEYS_PER_JOB * (x.accepted - acceptedBefore(x.atMs - KEY_LOOKBACK_MS)) + KEY_OVERHEAD;
  const overBound = samples.filter((x) => x.atMs >= KEY_LOOKBACK_MS && x.keys > keyBound(x)).map((x) => `${Math.round(x.atMs / 1000)} s: ${x.keys} > ${keyBound(x)}`);
  // Figures: one row per minute (the sample nearest each full minute).
  const rows = ["| min | master MB | supervisors MB | worker processes MB (n) | console MB | Redis keys | key bound | deliveries accepted |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (let m = 1; m * 60_000 <= loadMs + SAMPLE_MS / 2; m++) {
    const s = samples.reduce((best, x) => (Math.abs(x.atMs - m * 60_000) < Math.abs(best.atMs - m * 60_000) ? x : best));
    rows.push(`| ${m} | ${mb(s.masterKb)} | ${mb(s.supervisorsKb)} | ${mb(s.workersKb)} (${s.workers}) | ${mb(s.consoleKb)} | ${s.keys} | ${s.atMs >= KEY_LOOKBACK_MS ? keyBound(s) : "–"} | ${s.accepted} |`);
  }
  const windowOf = (from: number, to: number) => samples.filter((s) => s.atMs >= from && s.atMs < to);
  const afterWarmup = windowOf(WARMUP_MS, WARMUP_MS + WINDOW_MS);
  const last = windowOf(loadMs - WINDOW_MS, Infinity);
  const postWarmup = samples.filter((x) => x.atMs >= WARMUP_MS);
  const roles: Record<string, (x: Sample) => number> = {
    master: (x) => x.masterKb,
    supervisors: (x) => x.supervisorsKb,
    workerProcesses: (x) => x.workersKb,
    console: (x) => x.consoleKb,
  };
  const growths = Object.fromEntries(Object.entries(roles).map(([role, pick]) => [role, trendGrowth(postWarmup.map((x) => ({ x: x.atMs, y: pick(x) })))]));
  const medianGrowths = Object.fromEntries(Object.entries(roles).map(([role, pick]) => [role, median(last.map(pick)) / median(afterWarmup.map(pick)) - 1]));
  const range = (pick: (x: Sample) => number) => `${mb(Math.min(...postWarmup.map(pick)))}–${mb(Math.max(...postWarmup.map(pick)))} MB`;
  const keysMid = median(windowOf(SOAK_MS / 2 - WINDOW_MS, SOAK_MS / 2).map((s) => s.keys));
  const keysEnd = median(last.map((s) => s.keys));
  console.log(
    `[chaos:soak] ${(loadMs / 1000).toFixed(0)} s at ${RATE} req/s (warm-up ${WARMUP_MS / 1000} s, a sample every ${SAMPLE_MS / 1000} s, ${samples.length} samples); ` +
      `answers ${JSON.stringify(tally)}; worker process pids seen ${workerPidsSeen.size} (replaced: ${JSON.stringify(replacements)}); max outstanding ${maxInFlight}; accepted ${acceptedIds.length}, stored ${stored}; after drain ${JSON.stringify(drained)}\n` +
      `RSS growth after warm-up (trend of ${postWarmup.length} samples): ${Object.entries(growths).map(([k, v]) => `${k} ${(v * 100).toFixed(1)} %`).join(", ")}; ` +
      `last-minute median vs first minute after warm-up: ${Object.entries(medianGrowths).map(([k, v]) => `${k} ${(v * 100).toFixed(1)} %`).join(", ")}; ` +
      `range after warm-up: ${Object.entries(roles).map(([k, pick]) => `${k} ${range(pick)}`).join(", ")}\n` +
      `Redis keys: median at mid-run ${keysMid}, in the last minute ${keysEnd}; max ${Math.max(...samples.map((x) => x.keys))}; samples over the bound ${JSON.stringify(overBound)}; ` +
      `families at mid-run ${JSON.stringify(midFamilies)}; at the end ${JSON.stringify(endFamilies)}\n` +
      `every sample (s: master/supervisors/workers/console MB, keys): ${samples.map((x) => `${Math.round(x.atMs / 1000)}:${mb(x.masterKb)}/${mb(x.supervisorsKb)}/${mb(x.workersKb)}/${mb(x.consoleKb)},${x.keys}`).join(" ")}\n${rows.join("\n")}`,
  );

  expect(tally.skipped ?? 0, "the server kept up with the bounded rate").toBe(0);
  expect(Object.keys(tally).filter((k) => k !== "204"), "every delivery answered 204").toEqual([]);
  expect(drained.failed, "no webhook job failed").toBe(0);
  expect(stored, "one WebhookEvent row per accepted delivery").toBe(acceptedIds.length);
  expect(postWarmup.length, "samples after the warm-up").toBeGreaterThanOrEqual(6);
  for (const [role, g] of Object.entries(growths)) expect(g, `${role} RSS growth after warm-up (trend)`).toBeLessThan(0.1);
  expect(samples.filter((x) => x.atMs >= KEY_LOOKBACK_MS).length, "samples past the first trim windows").toBeGreaterThan(0);
  expect(overBound, "Redis key count above what the 1-minute trim windows allow").toEqual([]);
  expect(await workers.stop("SIGTERM")).toBe(0);
}, SOAK_MS + 420_000);

/** The pid of the `next start` process listening on the server's port (its process group leader). */
async function findConsolePid(baseUrl: string): Promise<number> {
  const { execFileSync } = await import("node:child_process");
  const port = new URL(baseUrl).port;
  // ss prints users:(("next-server",pid=123,fd=20)) for the listening socket.
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`]).toString();
  const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
  if (!pid) throw new Error(`no process listens on ${port}: ${out}`);
  const stat = (await import("node:fs")).readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]); // its process group
}
