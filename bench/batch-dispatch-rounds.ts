// `npm run bench:batch-dispatch` (issue 5, dispatch: batch bookkeeping ≤ 15 %): 10,000 no-op jobs
// dispatched inside one batch vs plain with the same addBulk calls in flight as createBatch keeps
// (--in-flight, default 2), in ONE process, one side at a time, in short back-to-back rounds.
//
// Why not simultaneous pairs (bench/paired.ts --phase=dispatch): two processes pushing into one
// Redis as fast as they can do not share it evenly — one side runs away, and the dispatch A/A read
// 46–204 %. Here nothing runs beside the measured side. Each round runs three sides — `batch`,
// `plain` and `plain-aa` (plain again: the A/A control) — in one of the six orders, cycled, so each
// side takes each position equally often over 6 rounds. Before each side: the previous side's keys
// and batch row are deleted (untimed, synchronous DEL) and the heap is collected (--expose-gc), so
// no side pays for another's garbage.
//
// Per side and round: throughput (jobs ÷ wall time of the whole dispatch) and cost per job =
// this process's CPU (process.cpuUsage) + Redis's CPU (INFO cpu used_cpu_user + used_cpu_sys,
// read before and after; the INFO call is the same for every side) + PostgreSQL's CPU (every
// `postgres` process's utime + stime from /proc: 10 ms ticks, so only the sum over all rounds
// is meaningful). The cost ratio plain ÷ batch is the machine-independent figure: 1 − it is the
// bookkeeping's share of the work, whatever else the machine is doing.
//
// --parts adds two sides that price the batch's extra cost part by part: `plain-id` is plain with a
// batch job's kind of custom job id (`<batchId>_<n>`, BullMQ's custom-id path), `plain-id-meta`
// adds meta.batchId; batch − plain-id-meta is then the bookkeeping proper (registering the ids, the
// batch hash, its PostgreSQL row, the add's own steps).
//
// Options: --rounds=12 --jobs=10000 --in-flight=2 --warmup=2 (untimed rounds of every side first) --parts
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { dispatchJobs, loadBatchSide, useBenchDatabase, type PlainLikeBatch } from "./paired-batch";
import { cpuUsOfAll } from "./proc-cpu";

const { values } = parseArgs({
  options: { rounds: { type: "string" }, jobs: { type: "string" }, "in-flight": { type: "string" }, warmup: { type: "string" }, parts: { type: "boolean" } },
});
const ROUNDS = Number(values.rounds ?? 12);
const JOBS = Number(values.jobs ?? 10_000);
const IN_FLIGHT = Number(values["in-flight"] ?? 2);
const WARMUP = Number(values.warmup ?? 2);
const PARTS = values.parts === true;

const prefix = `switchyard-bench-bdr-${randomUUID().slice(0, 8)}`;
process.env.REDIS_PREFIX = prefix;
process.env.LOG_LEVEL ??= "warn";
useBenchDatabase();

const side = await loadBatchSide();
const { createRedis } = await import("../lib/redis/connection");
const { scanKeys } = await import("../lib/redis/scan-keys");
const { prisma } = await import("../lib/db/client");
const { generatedJobId, newBatchId } = await import("../lib/queue/batches/batch-ids");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:batch-dispatch does)");
const redis = createRedis();

type Side = "batch" | "plain" | "plain-aa" | "plain-id" | "plain-id-meta";
const PART_SIDES: Side[] = ["batch", "plain", "plain-aa", "plain-id", "plain-id-meta"];
/** Every side once per round; over the cycle each takes each position equally often. */
const ORDERS: Side[][] = PARTS
  ? [...PART_SIDES.map((_, r) => [...PART_SIDES.slice(r), ...PART_SIDES.slice(0, r)]), ...PART_SIDES.map((_, r) => [...PART_SIDES.slice(r), ...PART_SIDES.slice(0, r)].reverse())]
  : [
      ["batch", "plain", "plain-aa"], ["plain-aa", "plain", "batch"], ["plain", "plain-aa", "batch"],
      ["batch", "plain-aa", "plain"], ["plain-aa", "batch", "plain"], ["plain", "batch", "plain-aa"],
    ];
const SIDES = ORDERS[0];

/** The --parts sides' likeness to a batch job (a fresh batch id per dispatch, job ids as createBatch makes them). */
function likeBatch(s: Side): PlainLikeBatch {
  if (s !== "plain-id" && s !== "plain-id-meta") return {};
  const batchId = newBatchId();
  return { jobId: (n) => generatedJobId(batchId, n), batchId: s === "plain-id-meta" ? batchId : undefined };
}

/** Redis's own CPU so far, µs (all its threads). */
async function redisCpuUs(): Promise<number> {
  const info = await redis.info("cpu");
  const field = (name: string) => Number(info.match(new RegExp(`^${name}:([\\d.]+)`, "m"))?.[1] ?? NaN);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}

/** Every key of this run and its batch rows, deleted synchronously so no lazy free lands in the next side's Redis CPU. */
async function cleanUp(): Promise<void> {
  for await (const keys of scanKeys(redis, `${prefix}:*`, 10_000)) await redis.del(...keys);
  await prisma().batch.deleteMany({ where: { prefix } });
}

interface Sample { rate: number; clientUs: number; redisUs: number; pgUs: number }

async function measure(s: Side): Promise<Sample> {
  await cleanUp();
  gc!();
  await new Promise((r) => setTimeout(r, 50));
  const pg0 = cpuUsOfAll("postgres");
  const redis0 = await redisCpuUs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await dispatchJobs(side, s === "batch", `bdr-${s}`, JOBS, 0, IN_FLIGHT, likeBatch(s));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const redisUs = (await redisCpuUs()) - redis0;
  const pgUs = cpuUsOfAll("postgres") - pg0;
  return { rate: JOBS / (ms / 1000), clientUs: (cpu.user + cpu.system) / JOBS, redisUs: redisUs / JOBS, pgUs: pgUs / JOBS };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" / ");

console.log(
  `${new Date().toISOString()} batch dispatch in rounds: ${ROUNDS} rounds × (${SIDES.join(", ")}) × ${JOBS} jobs, plain with ` +
    `${IN_FLIGHT} addBulk call(s) in flight, ${WARMUP} warm-up round(s); load average 1/5/15 min ${load()}`,
);
try {
  for (let w = 0; w < WARMUP; w++) for (const s of ORDERS[w % ORDERS.length]) await measure(s);
  const samples: Record<Side, Sample[]> = { batch: [], plain: [], "plain-aa": [], "plain-id": [], "plain-id-meta": [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = ORDERS[round % ORDERS.length];
    for (const s of order) samples[s].push(await measure(s));
    const [b, p, a] = (["batch", "plain", "plain-aa"] as const).map((s) => samples[s][round]);
    const cost = (x: Sample) => x.clientUs + x.redisUs;
    console.log(
      `  round ${String(round + 1).padStart(2)} (${order.join(", ")}): jobs/s batch ${b.rate.toFixed(0)}, plain ${p.rate.toFixed(0)}, ` +
        `plain-aa ${a.rate.toFixed(0)} → batch ÷ plain ${pct(b.rate / p.rate)}, A/A ${pct(a.rate / p.rate)}; ` +
        `µs/job client+Redis ${b.clientUs.toFixed(1)}+${b.redisUs.toFixed(1)} vs ${p.clientUs.toFixed(1)}+${p.redisUs.toFixed(1)} ` +
        `vs ${a.clientUs.toFixed(1)}+${a.redisUs.toFixed(1)} → plain ÷ batch ${pct(cost(p) / cost(b))}`,
    );
  }
  const B = samples.batch;
  const P = samples.plain;
  const A = samples["plain-aa"];
  const perRound = (x: Sample[], y: Sample[], f: (s: Sample) => number) => x.map((s, i) => f(s) / f(y[i]));
  const rate = (s: Sample) => s.rate;
  const cost = (s: Sample) => s.clientUs + s.redisUs;
  const range = (xs: number[]) => `[${pct(Math.min(...xs))} – ${pct(Math.max(...xs))}]`;
  console.log("");
  console.log(`throughput, median of rounds: batch ${median(B.map(rate)).toFixed(0)}, plain ${median(P.map(rate)).toFixed(0)}, plain-aa ${median(A.map(rate)).toFixed(0)} jobs/s`);
  console.log(`  batch ÷ plain: ratio of medians ${pct(median(B.map(rate)) / median(P.map(rate)))}, median of per-round ratios ${pct(median(perRound(B, P, rate)))} ${range(perRound(B, P, rate))}`);
  console.log(`  A/A plain-aa ÷ plain: ratio of medians ${pct(median(A.map(rate)) / median(P.map(rate)))}, median of per-round ratios ${pct(median(perRound(A, P, rate)))} ${range(perRound(A, P, rate))}`);
  for (const label of SIDES) {
    const xs = samples[label];
    console.log(
      `cost per job, median of rounds, ${label}: client ${median(xs.map((s) => s.clientUs)).toFixed(2)} + Redis ${median(xs.map((s) => s.redisUs)).toFixed(2)} ` +
        `= ${median(xs.map(cost)).toFixed(2)} µs; PostgreSQL (all rounds) ${(sum(xs.map((s) => s.pgUs)) / xs.length).toFixed(2)} µs`,
    );
  }
  const share = median(perRound(P, B, cost));
  console.log(`  cost plain ÷ batch (client + Redis): median of per-round ratios ${pct(share)} ${range(perRound(P, B, cost))} → bookkeeping ${pct(1 - share)} of the batch's cost`);
  console.log(`  A/A cost plain ÷ plain-aa: median of per-round ratios ${pct(median(perRound(P, A, cost)))} ${range(perRound(P, A, cost))}`);
  const withPg = (xs: Sample[]) => (sum(xs.map(cost)) + sum(xs.map((s) => s.pgUs))) / xs.length;
  console.log(`  with PostgreSQL (sums over all rounds): plain ÷ batch ${pct(withPg(P) / withPg(B))}`);
  if (PARTS) {
    // Per round, each part is the difference of two sides' costs; the median of those differences.
    const part = (x: Sample[], y: Sample[]) => median(x.map((s, i) => cost(s) - cost(y[i]))).toFixed(2);
    const I = samples["plain-id"];
    const M = samples["plain-id-meta"];
    console.log(
      `  batch − plain, µs/job, median of per-round differences (medians: the parts need not add up exactly): ${part(B, P)}; ` +
        `custom job id ${part(I, P)}, meta.batchId ${part(M, I)}, the rest (registration, batch hash, row, the add's steps) ${part(B, M)}; A/A ${part(A, P)}`,
    );
  }
  console.log(`target (issue 5): ≥ 85 % — throughput ${median(perRound(B, P, rate)) >= 0.85 ? "met" : "NOT met"}, cost ${share >= 0.85 ? "met" : "NOT met"}`);
  console.log(`load average at the end: ${load()}`);
} finally {
  await cleanUp();
  redis.disconnect();
  await side.q.closeQueues();
  await prisma().$disconnect();
}
