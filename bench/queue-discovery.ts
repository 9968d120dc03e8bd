// `node --import tsx bench/queue-discovery.ts`: what the console's queue discovery (a SCAN of the
// whole keyspace for `<prefix>:*:meta`, once a minute per console process) costs everything else
// on the same Redis, over bench/console.ts's seeded data (1.1 M keys in DB 2). While a discovery
// runs, a second client sends one LLEN at a time (what a worker's or the console's read waits
// for) and keeps every latency: the longest is how long Redis was held by one SCAN call. The
// SCAN sizes alternate over rounds in one run, so the machine's load falls on both alike.
// Options: --rounds=4 --counts=10000,1000
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { percentile } from "./console-load";

const { values } = parseArgs({ options: { rounds: { type: "string" }, counts: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 4);
const COUNTS = (values.counts ?? "10000,1000").split(",").map(Number);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2";
const PREFIX = "switchyard-bench";
Object.assign(process.env, { REDIS_PREFIX: PREFIX, REDIS_URL, LOG_LEVEL: "warn" });
const { scanForQueues, SCAN_COUNT } = await import("../lib/console/queue-list");
const { closeConsoleRedis } = await import("../lib/console/redis");

const probe = new Redis(REDIS_URL);
const keys = await probe.dbsize();
if (keys < 1_000_000) throw new Error("no bench data: seed with bench/console.ts --keep first");

/** One discovery with SCAN COUNT `count`, probed meanwhile: its duration and the probe's latencies. */
async function measure(count: number): Promise<{ ms: number; queues: number; probe: number[] }> {
  const latencies: number[] = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      const t = performance.now();
      await probe.llen(`${PREFIX}:default:wait`);
      latencies.push(performance.now() - t);
    }
  })();
  const t0 = performance.now();
  const found = await scanForQueues(PREFIX, count);
  const ms = performance.now() - t0;
  running = false;
  await probing;
  return { ms, queues: found.names.length, probe: latencies.sort((a, b) => a - b) };
}

const results = new Map<number, { ms: number[]; max: number[]; p99: number[]; queues: number }>();
for (let r = 0; r < ROUNDS; r++) {
  for (const count of r % 2 ? [...COUNTS].reverse() : COUNTS) {
    const m = await measure(count);
    const acc = results.get(count) ?? { ms: [], max: [], p99: [], queues: m.queues };
    acc.ms.push(m.ms);
    acc.max.push(m.probe.at(-1)!);
    acc.p99.push(percentile(m.probe, 99));
    results.set(count, acc);
    console.log(`[bench:queue-discovery] round ${r + 1} COUNT ${count}: ${m.ms.toFixed(0)} ms, ${m.queues} queues, probe p50 ${percentile(m.probe, 50).toFixed(2)} / p99 ${percentile(m.probe, 99).toFixed(2)} / max ${m.probe.at(-1)!.toFixed(2)} ms over ${m.probe.length} reads`);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`\n${keys} keys; the console uses COUNT ${SCAN_COUNT}. Medians of ${ROUNDS} rounds:\n`);
console.log("| SCAN COUNT | one discovery (ms) | a concurrent read's p99 (ms) | its longest wait (ms) |\n|---|---|---|---|");
for (const [count, a] of results) console.log(`| ${count} | ${median(a.ms).toFixed(0)} | ${median(a.p99).toFixed(2)} | ${median(a.max).toFixed(2)} |`);
probe.disconnect();
await closeConsoleRedis();
