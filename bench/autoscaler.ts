// `npm run bench:autoscaler`: how long one supervisor (maxProcesses 10) takes to
// drain two queues — 20,000 short jobs on `default` and 2,000 slow (I/O) jobs on
// `low` — with `balance: 'auto'` versus `'simple'`, in the same run, through the
// real `workers` process (child processes, BullMQ, Redis). The clock starts when
// the supervisor's 10 processes are up (it is held paused until then), so process
// boot — seconds of CPU, noisy on a shared machine — is not part of the figure.
// Prints the time of each variant, the ratio, and the auto variant's scaling
// decisions with reasons.
//
// A short warm-up first runs a few jobs of each kind and takes a metrics snapshot, so both variants start
// with the queues' runtimes known — as in production, where the autoscaler reads them from the metrics
// (Horizon's MetricsRepository) — instead of measuring the slow queue only once the short one is drained.
// Options: --short=20000 --slow=2000 --slow-ms=100 --cooldown=3 --rounds=1
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    short: { type: "string" }, slow: { type: "string" }, "slow-ms": { type: "string" }, cooldown: { type: "string" }, rounds: { type: "string" },
  },
});
const SHORT = Number(values.short ?? 20_000);
const SLOW = Number(values.slow ?? 2_000);
const SLOW_MS = Number(values["slow-ms"] ?? 100);
const COOLDOWN = Number(values.cooldown ?? 3);
const ROUNDS = Number(values.rounds ?? 1);
const root = path.resolve(import.meta.dirname, "..");
process.env.LOG_LEVEL ??= "warn";

type Balance = "auto" | "simple";
interface Result { balance: Balance; seconds: number; decisions: string[]; peak: Record<string, number> }

// One prefix for the run: both variants see the same metrics history; the queues are empty between variants.
const prefix = `switchyard-bench-autoscaler-${randomUUID().slice(0, 8)}`;
process.env.REDIS_PREFIX = prefix;
const q = await import("../lib/queue");
const { benchShort, benchSlow } = await import("./autoscaler-jobs");

const { listMasters } = await import("../lib/supervisor/heartbeats");
const { controlWorkers } = await import("../lib/supervisor/control");

async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function fill(short: number, slow: number): Promise<void> {
  for (let i = 0; i < short; i += 1_000) await q.dispatchMany(benchShort, Array.from({ length: Math.min(1_000, short - i) }, (_, k) => ({ n: i + k })));
  for (let i = 0; i < slow; i += 1_000) await q.dispatchMany(benchSlow, Array.from({ length: Math.min(1_000, slow - i) }, (_, k) => ({ n: i + k, ms: SLOW_MS })));
}

async function runVariant(balance: Balance, short = SHORT, slow = SLOW): Promise<Result> {
  await fill(short, slow);

  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-"));
  const configFile = path.join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify({
    horizon: {
      environments: {
        local: {
          bench: {
            connection: "redis", queue: ["default", "low"], balance, autoScalingStrategy: "time",
            maxProcesses: 10, minProcesses: 1, balanceMaxShift: 1, balanceCooldown: COOLDOWN, memory: 256, timeout: 60,
          },
        },
      },
    },
  }));
  const proc = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/main.ts"], {
    cwd: root,
    env: { ...process.env, REDIS_PREFIX: prefix, SWITCHYARD_ENV: "local", SWITCHYARD_CONFIG_FILE: configFile, SWITCHYARD_JOB_MODULES: path.join(root, "bench/autoscaler-jobs.ts"), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const decisions: string[] = [];
  const peak: Record<string, number> = {};
  let startedAt = 0;
  let ready = 0;
  let rest = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    rest += chunk.toString();
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg: string; time: number; queue?: string; to?: number };
        if (/^worker process \d+ ready$/.test(entry.msg)) ready++;
        if (/^scale /.test(entry.msg)) {
          decisions.push(`${startedAt ? `+${((entry.time - startedAt) / 1000).toFixed(1)}s` : "before start"} ${entry.msg}`);
          if (entry.queue && entry.to !== undefined) peak[entry.queue] = Math.max(peak[entry.queue] ?? 0, entry.to);
        }
      } catch {
        // not a log line
      }
    }
  });
  // Boot is not what we measure: hold the supervisor paused until its 10 processes are up, then start the clock.
  const redis = q.runtimeRedis();
  const master = await until(async () => (await listMasters(redis))[0]?.name);
  await controlWorkers(redis, { type: "pause" }, { master });
  await until(() => ready >= 10);
  await controlWorkers(redis, { type: "continue" }, { master });
  startedAt = Date.now();
  // Drained = nothing waiting, delayed or active on either queue.
  const drainedAt: Record<string, number> = {};
  let firstJobAt = 0;
  const completedBefore = (await Promise.all(["default", "low"].map((name) => q.getQueue(name).getCompletedCount()))).reduce((a, b) => a + b, 0);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const counts = await Promise.all(["default", "low"].map((name) => q.getQueue(name).getJobCounts("wait", "active", "delayed", "prioritized", "completed")));
    if (!firstJobAt && counts.reduce((sum, c) => sum + c.completed, 0) > completedBefore) firstJobAt = Date.now();
    ["default", "low"].forEach((name, i) => {
      const c = counts[i];
      if (!drainedAt[name] && c.wait + c.active + c.delayed + c.prioritized === 0) drainedAt[name] = Date.now();
    });
    if (drainedAt.default && drainedAt.low) break;
  }
  const seconds = (Date.now() - startedAt) / 1000;
  const at = (t: number) => `${((t - startedAt) / 1000).toFixed(1)}s`;
  console.log(`  ${balance}: first job done at ${at(firstJobAt)}, default (short) drained at ${at(drainedAt.default)}, low (slow) drained at ${at(drainedAt.low)}`);
  proc.kill("SIGTERM");
  await new Promise((r) => proc.on("exit", r));
  return { balance, seconds, decisions, peak };
}

/** The bench leaves nothing behind: every key under its own prefix goes. */
async function removeBenchKeys(): Promise<void> {
  const redis = q.runtimeRedis();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
}

/** Runs a few jobs of each kind and snapshots the metrics once their minute has closed. */
async function warmUp(): Promise<Record<string, number>> {
  await runVariant("simple", 500, 50);
  const { takeSnapshot } = await import("../lib/metrics/snapshots");
  const { queueRuntimes } = await import("../lib/metrics/snapshot-queries");
  // Snapshots cover closed minutes (the workers' own housekeeping may take them first): wait until both show.
  for (let i = 0; i < 24; i++) {
    await takeSnapshot();
    const runtimes = await queueRuntimes();
    if (runtimes.default && runtimes.low) return runtimes;
    await new Promise((r) => setTimeout(r, 5_000));
  }
  return queueRuntimes();
}

console.log(`warm-up: ${JSON.stringify(await warmUp())} ms average runtime per queue from the metrics`);

const results: Result[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  // Alternate the order between rounds so neither variant always runs on a warmer machine.
  const order: Balance[] = round % 2 ? ["simple", "auto"] : ["auto", "simple"];
  for (const balance of order) {
    const r = await runVariant(balance);
    results.push(r);
    console.log(`round ${round} ${balance.padEnd(6)} drained ${SHORT} short + ${SLOW} slow (${SLOW_MS} ms) in ${r.seconds.toFixed(1)} s`);
  }
}
const best = (b: Balance) => Math.min(...results.filter((r) => r.balance === b).map((r) => r.seconds));
const auto = best("auto");
const simple = best("simple");
console.log(`\nbest of ${ROUNDS}: simple ${simple.toFixed(1)} s, auto ${auto.toFixed(1)} s → auto takes ${(auto / simple).toFixed(2)}× the time of simple (${((1 - auto / simple) * 100).toFixed(0)} % faster)`);
const lastAuto = results.filter((r) => r.balance === "auto").at(-1)!;
console.log(`\nscaling decisions of the last auto run (peak processes per pool: ${JSON.stringify(lastAuto.peak)}):`);
for (const d of lastAuto.decisions) console.log(`  ${d}`);
await removeBenchKeys();
await q.closeQueues();
process.exit(auto < simple ? 0 : 1);
