import { randomUUID, randomBytes } from "node:crypto";
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.LOG_LEVEL = "warn";
const { z } = await import("zod");
const q = await import("../lib/queue");
const store = await import("../lib/queue/batches/batch-store");
const hist = await import("../lib/queue/batches/batch-history");
const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
const N = 10000;
for (let r = 0; r < 3; r++) {
  const id = randomUUID();
  let t = performance.now();
  const prepared = Array.from({ length: N }, (_, n) => ({ jobId: `${id}-${randomBytes(8).toString("hex")}`, p: q.prepareDispatch(noop, { n }, { queue: "bq" + r, jobId: "x", meta: { batchId: id } }) }));
  const tPrep = performance.now() - t; t = performance.now();
  await store.createBatchState({ id, name: "x", queue: "bq", connection: "redis", allowFailures: true, createdAt: Date.now(), callbacks: {} });
  await store.addJobIds(id, prepared.map((p) => p.jobId), ["bq" + r]);
  const tReg = performance.now() - t; t = performance.now();
  for (let i = 0; i < N; i += 1000) await q.getQueue("bq" + r).addBulk(prepared.slice(i, i + 1000).map((x) => ({ name: noop.name, data: x.p.data, opts: { ...x.p.jobOptions, jobId: x.jobId } })));
  const tBulk = performance.now() - t; t = performance.now();
  await hist.persistBatchQuietly(id);
  const tPg = performance.now() - t; t = performance.now();
  for (let i = 0; i < N; i += 1000) await q.getQueue("bp" + r).addBulk(Array.from({ length: 1000 }, (_, k) => { const p = q.prepareDispatch(noop, { n: i + k }, { queue: "bp" + r }); return { name: noop.name, data: p.data, opts: p.jobOptions }; }));
  const tPlain = performance.now() - t;
  console.log({ tPrep, tReg, tBulk, tPg, tPlain });
  await q.getQueue("bq" + r).obliterate({ force: true }); await q.getQueue("bp" + r).obliterate({ force: true }); await store.deleteBatchState(id);
}
await q.closeQueues(); process.exit(0);
