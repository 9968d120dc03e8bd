// Experiment: what in a batch job costs processing throughput?
import { randomUUID, randomBytes } from "node:crypto";
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL = "warn";
const { z } = await import("zod");
const q = await import("../lib/queue");
const batches = await import("../lib/queue/batches");
const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
const JOBS = 10000;
type V = "plain" | "customId" | "batch";
async function run(v: V, r: number) {
  const queueName = `exp-${v}-${r}`;
  if (v === "batch") await batches.createBatch({ name: "x", queue: queueName, allowFailures: true, jobs: Array.from({ length: JOBS }, (_, n) => batches.batchJob(noop, { n })) });
  else {
    for (let i = 0; i < JOBS; i += 1000) {
      await q.getQueue(queueName).addBulk(Array.from({ length: 1000 }, (_, k) => {
        const p = q.prepareDispatch(noop, { n: i + k }, { queue: queueName, ...(v === "customId" ? { jobId: `${randomUUID()}-${randomBytes(8).toString("hex")}` } : {}) });
        return { name: noop.name, data: p.data, opts: p.jobOptions };
      }));
    }
  }
  let done = 0; let resolve!: () => void; const fin = new Promise<void>((r) => (resolve = r));
  const t = performance.now();
  const w = q.createQueueWorker(queueName, { concurrency: 50 });
  w.on("completed", () => { if (++done === JOBS) resolve(); });
  await fin;
  const rate = JOBS / ((performance.now() - t) / 1000);
  await w.close(); await q.getQueue(queueName).obliterate({ force: true });
  return rate;
}
const res: Record<string, number[]> = {};
for (let r = 0; r < 3; r++) for (const v of (r % 2 ? ["batch", "customId", "plain"] : ["plain", "customId", "batch"]) as V[]) {
  (res[v] ??= []).push(await run(v, r));
}
for (const [k, xs] of Object.entries(res)) console.log(k, xs.map((x) => x.toFixed(0)).join(" "));
await q.closeQueues(); process.exit(0);
