// `npm run bench:webhook` (issue 8): POST /api/retell/webhook under load against `next start`,
// signed Retell bodies, next to a trivial route handler answering 204 in the same run:
//   1. saturated req/s for each (autocannon, --duration s in total, --connections), and the ratio;
//   2. p50/p99 latency of each at a fixed --rate (500 req/s);
//   both split into --rounds alternating rounds; the median of the per-round ratios is reported;
//   3. jobs enqueued = webhook requests accepted (no loss, no doubles), counted over a run of
//      --amount requests that are all awaited (a timed run abandons the requests in flight
//      when it stops: those may be stored without their 204 being counted).
// Targets: ratio ≥ 0.70; p99(webhook) ≤ 1.5 × p99(trivial) at 500 req/s.
// Needs `next build` first. Own REDIS_PREFIX; its keys are removed afterwards.
// The load generator shares the machine's cores with the server (as in the issue's reference
// figures); the load average is printed so a busy machine's figures are recognisable.
// Options: --duration=30 --rate-duration=30 --rate=500 --connections=50 --rounds=3 --amount=3000 --port=3199
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type RequestSpec, type Result } from "autocannon";
import { removeKeys } from "./remove-keys";

const { values } = parseArgs({
  options: {
    duration: { type: "string" }, "rate-duration": { type: "string" }, rate: { type: "string" },
    connections: { type: "string" }, port: { type: "string" }, amount: { type: "string" }, rounds: { type: "string" },
  },
});
const DURATION = Number(values.duration ?? 30);
const RATE_DURATION = Number(values["rate-duration"] ?? 30);
const RATE = Number(values.rate ?? 500);
const CONNECTIONS = Number(values.connections ?? 50);
const PORT = Number(values.port ?? 3199);
const AMOUNT = Number(values.amount ?? 3_000);
const ROUNDS = Number(values.rounds ?? 3);
const KEY = `key_bench_${randomUUID()}`;
process.env.REDIS_PREFIX = `switchyard-bench-webhook-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL ??= "warn";

const root = path.resolve(import.meta.dirname, "..");
const base = `http://127.0.0.1:${PORT}`;
const { retellEnvelope, newRetellCallId, signedDelivery } = await import("../lib/retell/fixtures");
const { getQueue, closeQueues } = await import("../lib/queue");
const { createRedis } = await import("../lib/redis/connection");

function startServer(): ChildProcess {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no build: run `npx next build` first");
  return spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", RETELL_API_KEY: KEY, SWITCHYARD_BENCH_BASELINE: "1", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomUUID() },
  });
}

async function waitUntilUp(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${base}/api/retell/webhook/baseline`, { method: "POST" });
      if (r.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not answer within 60 s");
}

/** Each request a new call, so every accepted delivery must become exactly one job. */
function signedRequests(): RequestSpec[] {
  return [{
    method: "POST",
    path: "/api/retell/webhook",
    setupRequest(request) {
      const { body, headers } = signedDelivery(retellEnvelope("call_started", { callId: newRetellCallId(), agentId: "agent_bench" }), KEY);
      return { ...request, body, headers };
    },
  }];
}

type Target = "trivial" | "webhook";

function run(target: Target, opts: { duration: number; rate?: number }): Promise<Result> {
  const common = { url: base, duration: opts.duration, connections: opts.rate ? Math.min(CONNECTIONS, 20) : CONNECTIONS, overallRate: opts.rate };
  return target === "trivial"
    ? autocannon({ ...common, method: "POST", requests: [{ method: "POST", path: "/api/retell/webhook/baseline", body: "{}", headers: { "content-type": "application/json" } }] })
    : autocannon({ ...common, requests: signedRequests() });
}

function note(target: Target, r: Result): Result {
  const other = Object.entries(r.statusCodeStats).filter(([s]) => s !== "204").map(([s, v]) => `${s}×${v.count}`).join(" ");
  console.log(`  ${target.padEnd(8)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors}${other ? `  other: ${other}` : ""}`);
  return r;
}

async function jobsEnqueued(): Promise<number> {
  const counts = await getQueue("webhooks").getJobCounts("wait", "active", "delayed", "completed", "failed", "prioritized");
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Everything under this run's own prefix (jobs, queue meta), in SCAN batches. */
async function removeBenchKeys(): Promise<void> {
  const redis = createRedis();
  try {
    await removeKeys(redis, process.env.REDIS_PREFIX!);
  } finally {
    redis.disconnect();
  }
}

function load(): string {
  return `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
}

/**
 * The timed rounds end with requests still in flight on the server; they store their jobs
 * a moment later. Wait until the count holds still so they are not charged to the accounting run.
 */
async function settledJobCount(): Promise<number> {
  let last = await jobsEnqueued();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = await jobsEnqueued();
    if (now === last) return now;
    last = now;
  }
}

/** Every request of a fixed-size run is awaited, so 204s and jobs must match exactly. */
async function accounting(): Promise<{ accepted: number; jobs: number; other: number }> {
  const before = await settledJobCount();
  const r = await autocannon({ url: base, amount: AMOUNT, connections: 10, timeout: 60, requests: signedRequests() });
  const accepted = r.statusCodeStats["204"]?.count ?? 0;
  return { accepted, jobs: (await jobsEnqueued()) - before, other: r.non2xx + r.errors + (r.timeouts ?? 0) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs both targets ROUNDS times, alternating which goes first, and returns each one's
 * results: on a shared machine the load drifts, and alternation spreads the drift evenly.
 */
async function rounds(label: string, opts: { duration: number; rate?: number }): Promise<Record<Target, Result[]>> {
  const out: Record<Target, Result[]> = { trivial: [], webhook: [] };
  console.log(`\n${label}`);
  for (let r = 0; r < ROUNDS; r++) {
    const order: Target[] = r % 2 === 0 ? ["trivial", "webhook"] : ["webhook", "trivial"];
    for (const target of order) out[target].push(note(target, await run(target, opts)));
  }
  return out;
}

const server = startServer();
try {
  await waitUntilUp();
  console.log(`next start on ${base} (${load()}); warming up…`);
  note("trivial", await run("trivial", { duration: 5 }));
  note("webhook", await run("webhook", { duration: 5 }));

  const sat = await rounds(`saturated: ${ROUNDS} × ${DURATION / ROUNDS} s each, ${CONNECTIONS} connections`, { duration: DURATION / ROUNDS });
  const satRate = (t: Target) => median(sat[t].map((r) => r.requests.average));
  // Each round runs the two back to back, so a round's ratio sees one machine load; the median of
  // those ratios resists the drift of a shared machine better than a ratio of two medians.
  const roundRatios = sat.webhook.map((w, i) => w.requests.average / sat.trivial[i].requests.average);
  const ratio = median(roundRatios);

  const fixed = await rounds(`fixed ${RATE} req/s: ${ROUNDS} × ${RATE_DURATION / ROUNDS} s each`, { duration: RATE_DURATION / ROUNDS, rate: RATE });
  const p = (t: Target, q: "p50" | "p99") => median(fixed[t].map((r) => r.latency[q]));
  const p99Ratios = fixed.webhook.map((w, i) => w.latency.p99 / Math.max(1, fixed.trivial[i].latency.p99));
  const p99Ratio = median(p99Ratios);

  console.log(`\naccounting: ${AMOUNT} signed deliveries, each awaited…`);
  const count = await accounting();
  console.log(`\nresults (medians of ${ROUNDS} rounds; ${load()})`);
  console.log(`  saturated: webhook ${satRate("webhook").toFixed(0)} req/s vs trivial ${satRate("trivial").toFixed(0)} req/s → median round ratio ${ratio.toFixed(2)} (per round ${roundRatios.map((x) => x.toFixed(2)).join(", ")}; target ≥ 0.70) ${ratio >= 0.7 ? "PASS" : "FAIL"}`);
  console.log(`  p99 at ${RATE} req/s: webhook ${p("webhook", "p99")} ms vs trivial ${p("trivial", "p99")} ms → median round ratio ${p99Ratio.toFixed(2)}× (per round ${p99Ratios.map((x) => x.toFixed(2)).join(", ")}; target ≤ 1.5×) ${p99Ratio <= 1.5 ? "PASS" : "FAIL"}`);
  console.log(`  p50 at ${RATE} req/s: webhook ${p("webhook", "p50")} ms vs trivial ${p("trivial", "p50")} ms`);
  const counted = count.jobs === count.accepted && count.accepted === AMOUNT && count.other === 0;
  console.log(`  jobs enqueued ${count.jobs} = requests answered 204 ${count.accepted} of ${AMOUNT} (other/errors ${count.other}): ${counted ? "PASS (no loss, no doubles)" : "FAIL"}`);
  process.exitCode = ratio >= 0.7 && p99Ratio <= 1.5 && counted ? 0 : 1;
} finally {
  server.kill("SIGTERM");
  await removeBenchKeys();
  await closeQueues();
}
