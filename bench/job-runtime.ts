// `npm run bench:job-runtime`: a no-op job through the runtime (defineJob with the default middleware
// set, which is empty: docs/RUNTIME.md) versus a bare BullMQ Worker, same concurrency, same run,
// alternating rounds; prints jobs/s and the ratio. Target (issue 3): runtime ≥ 90 % of bare BullMQ at
// concurrency 50.
// Options: --rounds=3 --jobs1=2000 --jobs50=10000 --middleware (also run the seed's BaseJob stack, and
// count its Redis commands per job) --breakdown (also each of its three middleware alone)
// --metrics (also run the runtime with metric recording on: issue 6, cost ≤ 5 % vs the runtime without it).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { removeKeys } from "./remove-keys";

// Own key prefix, so the bench never touches real queues; set before the runtime reads env.
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL ??= "warn";

const { values } = parseArgs({
  options: {
    rounds: { type: "string" }, jobs1: { type: "string" }, jobs50: { type: "string" }, middleware: { type: "boolean" }, breakdown: { type: "boolean" },
    metrics: { type: "boolean" },
  },
});
const ROUNDS = Number(values.rounds ?? 3);
const JOBS: Record<number, number> = { 1: Number(values.jobs1 ?? 2_000), 50: Number(values.jobs50 ?? 10_000) };

const { Worker } = await import("bullmq");
const { z } = await import("zod");
const { env } = await import("../lib/env");
const { createRedis } = await import("../lib/redis/connection");
const q = await import("../lib/queue");
const metrics = await import("../lib/metrics/record-job");

const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
q.defineRateLimit({ name: "bench-unlimited", points: 1_000_000_000, durationSec: 60, by: () => "all" });
// The seed's BaseJob stack, keyed so that no job waits for another: this measures the middleware's own cost.
const stack = {
  overlap: (p: { n: number }) => q.withoutOverlapping(`n-${p.n}`),
  rate: () => q.rateLimited("bench-unlimited"),
  throttle: () => q.throttlesExceptions(3, 10).backoff(5),
};
const noopWith = (name: string, middleware: (p: { n: number }) => import("../lib/queue").JobMiddleware[]) =>
  q.defineJob({ name: `bench.noop-${name}`, queue: "bench", payload: z.object({ n: z.number() }), middleware, handle: async () => undefined });

type Variant = "bare" | "runtime" | "runtime+middleware" | "runtime+metrics" | "runtime+overlap" | "runtime+rate" | "runtime+throttle";
const definitions: Partial<Record<Variant, typeof noop>> = {
  "runtime+middleware": noopWith("middleware", (p) => [stack.overlap(p), stack.rate(), stack.throttle()]),
  "runtime+overlap": noopWith("overlap", (p) => [stack.overlap(p)]),
  "runtime+rate": noopWith("rate", () => [stack.rate()]),
  "runtime+throttle": noopWith("throttle", () => [stack.throttle()]),
};

async function fill(queueName: string, definition: typeof noop, count: number): Promise<void> {
  const queue = q.getQueue(queueName);
  for (let i = 0; i < count; i += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - i) }, (_, k) => {
      const prepared = q.prepareDispatch(definition, { n: i + k }, { queue: queueName });
      return { name: definition.name, data: prepared.data, opts: { ...prepared.jobOptions, removeOnComplete: true } };
    });
    await queue.addBulk(batch);
  }
}

interface Sample {
  /** Jobs per second from worker start to the last completion. */
  rate: number;
  /** This process's CPU time per job (user + system, µs): steadier than wall time on a shared machine. */
  cpuUsPerJob: number;
}

/** Drains a pre-filled queue with one worker of `variant`. */
async function drain(variant: Variant, concurrency: number, round: number | string, jobs?: number): Promise<Sample> {
  const count = jobs ?? JOBS[concurrency];
  const queueName = `bench-${variant.replace("+", "-")}-c${concurrency}-r${round}`;
  await fill(queueName, definitions[variant] ?? noop, count);
  let done = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const onCompleted = () => {
    if (++done === count) resolve();
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let close: () => Promise<void>;
  if (variant === "bare") {
    const connection = createRedis({ blocking: true });
    const worker = new Worker(queueName, async () => undefined, { connection, prefix: env().REDIS_PREFIX, concurrency });
    worker.on("completed", onCompleted);
    close = async () => {
      await worker.close();
      connection.disconnect();
    };
  } else {
    // Metrics on: every attempt is tallied in memory and written to Redis in one pipeline a second (lib/metrics).
    const onJobFinished = variant === "runtime+metrics" ? metrics.recordFinishedEvent : undefined;
    const worker = q.createQueueWorker(queueName, { concurrency, onJobFinished });
    worker.on("completed", onCompleted);
    close = () => worker.close();
  }
  await finished;
  // Recording is fire-and-forget; count its tail so its cost is not hidden after the clock stops.
  if (variant === "runtime+metrics") await metrics.flushRecordings();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await close();
  await q.getQueue(queueName).obliterate({ force: true });
  return { rate: count / seconds, cpuUsPerJob: (cpu.user + cpu.system) / count };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const variants: Variant[] = ["bare", "runtime"];
if (values.middleware) variants.push("runtime+middleware");
if (values.breakdown) variants.push("runtime+overlap", "runtime+rate", "runtime+throttle");
if (values.metrics) variants.push("runtime+metrics");
const results: Record<string, Sample[]> = {};
for (const concurrency of [1, 50]) {
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order each round so warm-up and background load do not favour one side.
    const order = round % 2 ? variants : [...variants].reverse();
    for (const variant of order) {
      const sample = await drain(variant, concurrency, round);
      (results[`${variant}@${concurrency}`] ??= []).push(sample);
      console.error(`  round ${round} c=${concurrency} ${variant.padEnd(18)} ${sample.rate.toFixed(0)} jobs/s, ${sample.cpuUsPerJob.toFixed(0)} µs CPU/job`);
    }
  }
}

// Three views of the same runs: medians of throughput; the median of per-round ratios (a round's
// variants ran back to back, under the same background load); and CPU per job.
const rates = (key: string) => results[key].map((s) => s.rate);
console.log(`\njob-runtime bench: no-op async job, ${ROUNDS} rounds, jobs per round: c1=${JOBS[1]}, c50=${JOBS[50]}`);
console.log("concurrency | variant            | jobs/s (median) | vs bare (medians) | vs bare (median of round ratios) | CPU µs/job (median)");
for (const concurrency of [1, 50]) {
  const bare = results[`bare@${concurrency}`];
  for (const variant of variants) {
    const mine = results[`${variant}@${concurrency}`];
    const rate = median(rates(`${variant}@${concurrency}`));
    const ofMedians = rate / median(rates(`bare@${concurrency}`));
    const ofRatios = median(mine.map((s, i) => s.rate / bare[i].rate));
    const cpu = median(mine.map((s) => s.cpuUsPerJob));
    console.log(
      `${String(concurrency).padStart(11)} | ${variant.padEnd(18)} | ${rate.toFixed(0).padStart(15)} | ${(ofMedians * 100).toFixed(1).padStart(15)} % | ${(ofRatios * 100).toFixed(1).padStart(30)} % | ${cpu.toFixed(0).padStart(19)}`,
    );
  }
  if (values.metrics) {
    // Issue 6: recording on vs off, both on the runtime — throughput ratio (medians, and per round)
    // and the extra CPU per job, which a shared machine's load disturbs least.
    const off = results[`runtime@${concurrency}`];
    const on = results[`runtime+metrics@${concurrency}`];
    const ofMedians = median(on.map((s) => s.rate)) / median(off.map((s) => s.rate));
    const ofRatios = median(on.map((s, i) => s.rate / off[i].rate));
    const cpuOff = median(off.map((s) => s.cpuUsPerJob));
    const cpuOn = median(on.map((s) => s.cpuUsPerJob));
    console.log(
      `${String(concurrency).padStart(11)} | metrics on vs off: ${(ofMedians * 100).toFixed(1)} % (medians), ${(ofRatios * 100).toFixed(1)} % (median of round ratios), ` +
        `CPU ${cpuOn.toFixed(0)} vs ${cpuOff.toFixed(0)} µs/job (${(((cpuOn - cpuOff) / cpuOff) * 100).toFixed(1)} %); target: ≥ 95 % / ≤ 5 %`,
    );
  }
}
if (values.middleware || values.breakdown) {
  // Redis commands the middleware sends per job (on the runtime's own connection; BullMQ's are on
  // the worker's): counted in a separate, untimed pass so the counting does not touch the figures.
  const redis = q.runtimeRedis();
  const counts = new Map<string, number>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    counts.set(command.name, (counts.get(command.name) ?? 0) + 1);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof redis.sendCommand;
  const jobs = 1_000;
  console.log("\nRedis commands per job sent by the middleware (untimed pass, 1,000 jobs, concurrency 50):");
  for (const variant of variants.filter((v) => definitions[v])) {
    counts.clear();
    await drain(variant, 50, "count", jobs);
    const perJob = [...counts].filter(([name]) => name !== "info" && name !== "client").map(([name, n]) => `${name} ${(n / jobs).toFixed(2)}`);
    console.log(`  ${variant.padEnd(18)} ${[...counts].reduce((sum, [name, n]) => sum + (name === "info" || name === "client" ? 0 : n), 0) / jobs} (${perJob.join(", ") || "none"})`);
  }
  redis.sendCommand = send;
}
{
  // Everything under this run's own prefix goes: metric recordings, middleware locks and limiter counters.
  const redis = createRedis();
  await removeKeys(redis, env().REDIS_PREFIX);
  redis.disconnect();
}
await q.closeQueues();
process.exit(0);
