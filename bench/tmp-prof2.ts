// @ts-expect-error plain ESM
import { applyTestEnv } from "../scripts/test-env.mjs";
applyTestEnv();
process.env.REDIS_PREFIX = `switchyard-bench-prof2`;
process.env.LOG_LEVEL = "warn";
const { createRedis } = await import("../lib/redis/connection");
const { addJobMetrics } = await import("../lib/metrics/recording");
const { RedisWrites } = await import("../lib/metrics/writes");
const { collectPrometheusData, renderExposition } = await import("../lib/metrics/prometheus");
const { countBatches, recentBatchCounts } = await import("../lib/metrics/batch-counts");
const { knownQueues, queueCounts } = await import("../lib/metrics/queue-counts");
const { workersPerQueue } = await import("../lib/supervisor/heartbeats");
const { env } = await import("../lib/env");
const redis = createRedis();
const queues = Array.from({ length: 50 }, (_, i) => `bench-q${i}`);
const w = new RedisWrites();
for (let i = 0; i < 100; i++) for (let k = 0; k < 50; k++)
  addJobMetrics(w, { queue: queues[i % 50], name: `Bench.Job${i}`, jobId: `${i}-${k}`, outcome: k % 5 ? "completed" : "failed", runtimeMs: 20 + ((i * 7 + k * 13) % 4000), waitMs: (k * 37) % 9000 });
await w.toPipeline(redis.pipeline()).exec();
const t = async (label: string, f: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < 30; i++) { const s = performance.now(); await f(); ms.push(performance.now() - s); }
  ms.sort((a, b) => a - b);
  console.log(label.padEnd(30), ms[15].toFixed(1), ms[28].toFixed(1));
};
let data: Awaited<ReturnType<typeof collectPrometheusData>> | undefined;
await t("batches", () => countBatches());
await t("recentBatchCounts", () => recentBatchCounts());
await t("knownQueues", () => knownQueues(redis));
const qs = await knownQueues(redis);
await t("queueCounts", () => queueCounts(qs, redis));
await t("workers", () => workersPerQueue(redis));
await t("hgetall", () => redis.hgetall(`${env().REDIS_PREFIX}:metrics:totals`));
await t("collect (no batches)", async () => { data = await collectPrometheusData({ redis }); });
await t("render", () => renderExposition(data!));
let cursor = "0";
do { const [n, keys] = await redis.scan(cursor, "MATCH", `${env().REDIS_PREFIX}:*`, "COUNT", 1000); cursor = n; if (keys.length) await redis.unlink(...keys); } while (cursor !== "0");
process.exit(0);
