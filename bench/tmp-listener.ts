import { randomUUID } from "node:crypto";
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL = "warn";
const { z } = await import("zod");
const q = await import("../lib/queue");
const metrics = await import("../lib/metrics/record-job");
const { createRedis } = await import("../lib/redis/connection");
const { env } = await import("../lib/env");
const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
async function drain(variant: string, round: number, count = 2000, concurrency = 1) {
  const queueName = `bench-l-${variant}-r${round}`;
  const queue = q.getQueue(queueName);
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
      const p = q.prepareDispatch(noop, { n: i + k }, { queue: queueName });
      return { name: noop.name, data: p.data, opts: { ...p.jobOptions, removeOnComplete: true } };
    }));
  }
  let done = 0; let resolve!: () => void; const fin = new Promise<void>((r) => (resolve = r));
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const onJobFinished = variant === "noop" ? () => {} : variant === "metrics" ? metrics.recordFinishedEvent : undefined;
  const worker = q.createQueueWorker(queueName, { concurrency, onJobFinished });
  worker.on("completed", () => { if (++done === count) resolve(); });
  await fin;
  if (variant === "metrics") await metrics.flushRecordings();
  const cpu = process.cpuUsage(cpu0); const s = (performance.now() - t0) / 1000;
  await worker.close(); await queue.obliterate({ force: true });
  return { rate: count / s, cpu: (cpu.user + cpu.system) / count };
}
const res: Record<string, { rate: number; cpu: number }[]> = {};
for (let r = 1; r <= 4; r++) for (const v of r % 2 ? ["none", "noop", "metrics"] : ["metrics", "noop", "none"]) (res[v] ??= []).push(await drain(v, r));
for (const [v, xs] of Object.entries(res)) console.log(v.padEnd(8), xs.map((x) => `${x.rate.toFixed(0)}/s ${x.cpu.toFixed(0)}µs`).join("  "));
const redis = createRedis(); let cursor = "0";
do { const [n, keys] = await redis.scan(cursor, "MATCH", `${env().REDIS_PREFIX}:*`, "COUNT", 500); cursor = n; if (keys.length) await redis.unlink(...keys); } while (cursor !== "0");
await q.closeQueues(); process.exit(0);
