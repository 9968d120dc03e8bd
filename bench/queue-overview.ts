// `node --import tsx bench/queue-overview.ts`: what GET /api/queues costs in process, without HTTP or Next:
// queueList() over bench/console.ts's seeded data (Redis DB 2, prefix switchyard-bench: 10 queues of 100,000
// waiting + 10,000 failed jobs), sequentially (latency) and 10 at a time uncoalesced (CPU per call under the
// bench's concurrency), plus the JSON body the route serializes; then the counting step alone, alternating
// rounds: one getJobCounts script per queue + a pipeline of paused flags (before) vs countQueues' one script.
// Options: --requests=2000
import { parseArgs } from "node:util";
import { percentile } from "./console-load";

const { values } = parseArgs({ options: { requests: { type: "string" } } });
const REQUESTS = Number(values.requests ?? 2000);
Object.assign(process.env, {
  REDIS_PREFIX: "switchyard-bench",
  REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2",
  LOG_LEVEL: "warn",
});
const { queueList, countQueues } = await import("../lib/console/queue-summaries");
const { allQueues } = await import("../lib/console/queue-list");
const { COUNTED_STATES } = await import("../lib/console/queue-counts");
const { getQueue } = await import("../lib/queue/queues");
const { consoleRedis, closeConsoleRedis } = await import("../lib/console/redis");
const { closeQueues } = await import("../lib/queue");

const first = await queueList();
if (!first.queues.some((q) => q.counts.waiting > 0)) throw new Error("no bench data: seed with bench/console.ts --keep first");
const body = JSON.stringify(first);
console.log(`[bench:queue-overview] ${first.queues.length} queues, body ${body.length} bytes, default: ${JSON.stringify(first.queues.find((q) => q.name === "default")?.counts)}`);

async function sequential(n: number): Promise<number[]> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    JSON.stringify(await queueList());
    lat.push(performance.now() - t);
  }
  return lat;
}

/** n calls, `concurrency` in flight: wall and CPU time per call. */
async function concurrent(n: number, concurrency: number): Promise<{ wallPerCall: number; cpuPerCall: number }> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let left = n;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) JSON.stringify(await queueList());
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { wallPerCall: (performance.now() - t) / n, cpuPerCall: (cpu.user + cpu.system) / 1000 / n };
}

await sequential(200); // warm-up: JIT, script cache
const seq = await sequential(REQUESTS).then((l) => l.sort((a, b) => a - b));
const conc = await concurrent(REQUESTS, 10);
const f = (x: number) => x.toFixed(3);
console.log(`[bench:queue-overview] sequential: p50 ${f(percentile(seq, 50))} / p95 ${f(percentile(seq, 95))} ms; 10 concurrent: ${f(conc.wallPerCall)} ms wall, ${f(conc.cpuPerCall)} ms CPU per call`);
/** The counting step as it was: one BullMQ getJobCounts (one EVALSHA) per queue, plus HEXISTS of each meta. */
async function perQueueCounts(names: string[]): Promise<unknown> {
  const pipe = consoleRedis().pipeline();
  for (const n of names) pipe.hexists(getQueue(n).toKey("meta"), "paused");
  return Promise.all([Promise.all(names.map((n) => getQueue(n).getJobCounts(...COUNTED_STATES))), pipe.exec()]);
}

async function countRound(count: (names: string[]) => Promise<unknown>, names: string[], n: number): Promise<{ lat: number[]; cpu: number }> {
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await count(names);
    lat.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  return { lat, cpu: (cpu.user + cpu.system) / 1000 };
}

const { names } = await allQueues();
const sides = { before: perQueueCounts, after: countQueues } as const;
const acc = { before: { lat: [] as number[], cpu: 0 }, after: { lat: [] as number[], cpu: 0 } };
for (const side of ["before", "after"] as const) await countRound(sides[side], names, 200); // warm-up
for (let round = 0; round < 6; round++) {
  for (const side of round % 2 ? (["after", "before"] as const) : (["before", "after"] as const)) {
    const r = await countRound(sides[side], names, REQUESTS / 6);
    acc[side].lat.push(...r.lat);
    acc[side].cpu += r.cpu;
  }
}
for (const side of ["before", "after"] as const) {
  const sorted = acc[side].lat.sort((a, b) => a - b);
  console.log(`[bench:queue-overview] counting ${names.length} queues, ${side}: p50 ${f(percentile(sorted, 50))} / p95 ${f(percentile(sorted, 95))} ms, ${f(acc[side].cpu / sorted.length)} ms CPU per call`);
}
await closeQueues();
await closeConsoleRedis();
