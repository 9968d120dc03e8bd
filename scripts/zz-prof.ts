Object.assign(process.env, { REDIS_PREFIX: "switchyard-bench", REDIS_URL: "redis://127.0.0.1:6379/2", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/switchyard_bench", LOG_LEVEL: "warn" });
const { dashboardData } = await import("../lib/console/dashboard");
const { queueList } = await import("../lib/console/queue-summaries");
const { listJobs, searchJobs } = await import("../lib/console/queue-jobs");
const { failedGroups, listFailedJobs, backfillErrorGroups } = await import("../lib/db/queries/failed-jobs");
const { prisma } = await import("../lib/db/client");
const time = async (name: string, fn: () => Promise<unknown>, n = 15) => {
  await fn(); const ts: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b); console.log(name.padEnd(30), "p50", ts[Math.floor(n / 2)].toFixed(1), "max", ts[n - 1].toFixed(1));
};
console.log("blank groups", await prisma().failedJob.count({ where: { prefix: "switchyard-bench", errorGroup: "" } }));
console.time("backfill"); console.log("backfilled", await backfillErrorGroups(prisma(), 200_000)); console.timeEnd("backfill");
await prisma().$executeRawUnsafe(`VACUUM ANALYZE "FailedJob"`);
await time("dashboard", () => dashboardData());
await time("queueList", () => queueList());
await time("listJobs 0", () => listJobs("default", "waiting", { limit: 25 }));
await time("search id", () => searchJobs("default", "waiting", { q: "50321", field: "id", limit: 25 }));
await time("failed list", () => listFailedJobs({ queue: "emails" }, { limit: 25 }));
await time("groups emails", () => failedGroups({ queue: "emails" }));
await time("groups all", () => failedGroups({}));
await time("user lookup", () => prisma().user.findFirst({ where: { email: "bench-admin@switchyard.test" } }));
process.exit(0);
