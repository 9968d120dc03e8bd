import { randomUUID } from "node:crypto";
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL = "warn";
const variant = process.argv[2];
const { Worker } = await import("bullmq");
const { z } = await import("zod");
const { env } = await import("../lib/env");
const { createRedis } = await import("../lib/redis/connection");
const q = await import("../lib/queue");
const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
const N = 8000;
const queueName = `prof-${variant}`;
const queue = q.getQueue(queueName);
for (let i = 0; i < N; i += 1000) await queue.addBulk(Array.from({ length: 1000 }, (_, k) => { const p = q.prepareDispatch(noop, { n: i + k }, { queue: queueName }); return { name: noop.name, data: p.data, opts: { ...p.jobOptions, removeOnComplete: true } }; }));
let done = 0; let resolve!: () => void; const fin = new Promise<void>((r) => (resolve = r));
const t0 = performance.now(); const cpu0 = process.cpuUsage();
let worker: any; let c: any;
if (variant === "bare") { c = createRedis({ blocking: true }); worker = new Worker(queueName, async () => undefined, { connection: c, prefix: env().REDIS_PREFIX, concurrency: 50 }); }
else if (variant === "bareOpts") { c = createRedis({ blocking: true }); worker = new Worker(queueName, async () => undefined, { connection: c, prefix: env().REDIS_PREFIX, concurrency: 50, lockDuration: 90000, drainDelay: 5, settings: { backoffStrategy: q.runtimeBackoffStrategy } }); }
else if (variant === "bareProc") { c = createRedis({ blocking: true }); worker = new Worker(queueName, q.createJobProcessor(), { connection: c, prefix: env().REDIS_PREFIX, concurrency: 50 }); }
else if (variant === "bare3") { c = createRedis({ blocking: true }); worker = new Worker(queueName, async (_a: any, _b: any, _c: any) => undefined, { connection: c, prefix: env().REDIS_PREFIX, concurrency: 50 }); }
else worker = q.createQueueWorker(queueName, { concurrency: 50 });
worker.on("completed", () => { if (++done === N) resolve(); });
await fin;
const cpu = process.cpuUsage(cpu0); console.log(variant, (N / ((performance.now() - t0) / 1000)).toFixed(0), "jobs/s", ((cpu.user + cpu.system) / N).toFixed(0), "cpu µs/job");
await worker.close(); c?.disconnect();
await queue.obliterate({ force: true });
await q.closeQueues(); process.exit(0);
