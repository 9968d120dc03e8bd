// Issue 7 · Redis Cluster (run by `npm run test:chaos`). A private 3-master cluster
// (tests/chaos/private-cluster.ts) serves this file and the real `workers` process
// through REDIS_CLUSTER_NODES, under a hash-tagged prefix `{sy-cluster-…}`. Proven:
// - a prefix without a hash tag is refused at start-up (exit 78, naming REDIS_PREFIX);
// - every key of the deployment (BullMQ's and Switchyard's) lands in ONE slot, so every
//   multi-key script runs, while the cluster really spreads other keys over 3 masters;
// - dispatch → the workers process completes every job exactly once; a failing job is
//   archived; a batch runs to its end;
// - console route handlers (in-process, as Next calls them) answer over the cluster:
//   queue list + counts (with discovery SCAN over every master), a queue's job page and
//   search (the console's own Lua scripts), job detail, failed list, batch detail,
//   supervisors, dashboard; pause/resume and retry as an admin;
// - a `next start` console process on the cluster: sign-in, queue list, job page,
//   supervisors over HTTP, and the Retell webhook route enqueueing (needs a current build).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startPrivateCluster, type PrivateCluster } from "./private-cluster";

const ROOT = path.resolve(import.meta.dirname, "../..");
const JOBS = 200;
const BATCH_JOBS = 20;
const FAILING = 3;
const PREFIX = `{sy-cluster-${randomUUID().slice(0, 8)}}`;

let cluster: PrivateCluster;
let lib: Awaited<ReturnType<typeof load>>;

async function load() {
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  return {
    queue: await import("@/lib/queue"),
    batches: await import("@/lib/queue/batches"),
    redis: await import("@/lib/redis/connection"),
    scan: await import("@/lib/redis/scan-keys"),
    fixtures: await import("@/workers/testing/fixture-jobs"),
    failing: await import("./cluster-jobs"),
    harness: await import("@/workers/testing/harness"),
    consoleRedis: await import("@/lib/console/redis"),
    http: await import("../console/route-harness"),
    routes: {
      queues: (await import("@/app/api/queues/route")).GET,
      jobs: (await import("@/app/api/queues/[name]/jobs/route")).GET,
      job: (await import("@/app/api/jobs/[queue]/[id]/route")).GET,
      failed: (await import("@/app/api/failed-jobs/route")).GET,
      batch: (await import("@/app/api/batches/[id]/route")).GET,
      supervisors: (await import("@/app/api/supervisors/route")).GET,
      dashboard: (await import("@/app/api/dashboard/route")).GET,
      pause: (await import("@/app/api/queues/[name]/pause/route")).POST,
      resume: (await import("@/app/api/queues/[name]/resume/route")).POST,
      retry: (await import("@/app/api/jobs/[queue]/[id]/retry/route")).POST,
    },
  };
}

beforeAll(async () => {
  const startedAt = Date.now();
  cluster = await startPrivateCluster(3);
  console.log(`3-master cluster on ${cluster.nodes} up in ${Date.now() - startedAt} ms`);
  // Before anything reads env(): every connection of this file and of the workers goes to the cluster.
  process.env.REDIS_CLUSTER_NODES = cluster.nodes;
  process.env.REDIS_PREFIX = PREFIX;
  lib = await load();
}, 60_000);

afterAll(async () => {
  lib?.harness.destroyAllWorkers();
  await Promise.race([Promise.all([lib?.queue.closeQueues(), lib?.consoleRedis.closeConsoleRedis(), lib?.http.removeUsers()]), new Promise((r) => setTimeout(r, 3_000))]);
  const { prisma } = await import("@/lib/db/client");
  await prisma().failedJob.deleteMany({ where: { prefix: PREFIX } });
  await prisma().batch.deleteMany({ where: { prefix: PREFIX } });
  await cluster?.stop();
});

const jobModules = () => [path.join(ROOT, "workers/testing/fixture-jobs.ts"), path.join(ROOT, "tests/chaos/cluster-jobs.ts")].join(",");
const override = () => lib.harness.supervisors({ cl: { queue: ["default"], balance: false, processes: 2 } });

it("cluster mode refuses a prefix without a hash tag, naming REDIS_PREFIX", async () => {
  const w = lib.harness.startWorkers({ override: override(), env: { REDIS_PREFIX: "switchyard-no-tag" } });
  expect(await w.exited).toBe(78);
  const text = [...w.logs.map((l) => JSON.stringify(l)), ...w.other].join("\n");
  expect(text).toMatch(/REDIS_PREFIX: \\?"switchyard-no-tag\\?" has no hash tag/);
}, 60_000);

it("runtime, workers, batch and console route handlers work on a 3-master cluster", async () => {
  const { queue, batches, fixtures, harness, http, routes } = lib;
  const redis = lib.redis.createRedis();
  try {
    // The cluster is real: three masters share the slots, and untagged keys land on different ones.
    const masters = (await cluster.cli(cluster.ports[0], "cluster", "nodes")).split("\n").filter((l) => l.includes("master"));
    expect(masters).toHaveLength(3);
    const untaggedSlots = new Set(await Promise.all(["a", "b", "c", "d", "e", "f"].map((k) => cluster.cli(cluster.ports[0], "cluster", "keyslot", `switchyard:${k}:meta`))));
    expect(untaggedSlots.size).toBeGreaterThan(1);

    const w = harness.startWorkers({ override: override(), host: "cluster-a", env: { SWITCHYARD_JOB_MODULES: jobModules() } });
    await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "a ready worker process");

    const t0 = Date.now();
    const ids = await queue.dispatchMany(fixtures.testRecord, Array.from({ length: JOBS }, (_, n) => ({ n })));
    const failingIds = await queue.dispatchMany(lib.failing.testClusterFail, Array.from({ length: FAILING }, (_, n) => ({ n })));
    const batchId = await batches.createBatch({ name: "cluster batch", jobs: Array.from({ length: BATCH_JOBS }, (_, n) => batches.batchJob(fixtures.testRecord, { n: 10_000 + n })) });

    await harness.waitFor(async () => (await fixtures.readRecords()).length >= JOBS + BATCH_JOBS, 90_000, "every fixture job recorded");
    const records = await fixtures.readRecords();
    console.log(`${JOBS + BATCH_JOBS} jobs completed on the cluster in ${Date.now() - t0} ms`);
    expect(records).toHaveLength(JOBS + BATCH_JOBS);
    expect(new Set(records.map((r) => r.jobId)).size).toBe(JOBS + BATCH_JOBS);
    for (const id of ids) expect(records.some((r) => r.jobId === id)).toBe(true);
    const batch = await harness.waitFor(async () => {
      const b = await batches.findBatch(batchId);
      return b?.finished ? b : null;
    }, 30_000, "the batch finished");
    expect(batch).toMatchObject({ totalJobs: BATCH_JOBS, pendingJobs: 0, failedJobs: 0, succeededJobs: BATCH_JOBS });
    // A job records itself before BullMQ moves it to completed: wait for the counts to settle.
    await harness.waitFor(async () => {
      const c = await queue.getQueue("default").getJobCounts("completed", "failed", "active");
      return c.completed === JOBS + BATCH_JOBS && c.failed === FAILING && c.active === 0;
    }, 30_000, "every job finished (completed or failed)");

    // One slot for the whole deployment: every key under the prefix sits on one master.
    const keysPerNode: number[] = [];
    for (const node of (redis as unknown as import("ioredis").Cluster).nodes("master")) {
      let n = 0;
      for await (const keys of lib.scan.scanKeys(node, `${PREFIX}:*`, 1_000)) n += keys.length;
      keysPerNode.push(n);
    }
    expect(keysPerNode.filter((n) => n > 0), `keys per master ${keysPerNode}`).toHaveLength(1);
    expect(Math.max(...keysPerNode)).toBeGreaterThan(JOBS);
    let scanned = 0;
    for await (const keys of lib.scan.scanKeys(redis, `${PREFIX}:*`, 1_000)) scanned += keys.length;
    expect(scanned).toBe(Math.max(...keysPerNode));

    // Console route handlers, in-process, over the cluster.
    await queue.getQueue("cluster-legacy").add("OldJob", { payload: { n: 1 }, meta: { dispatchedAt: Date.now() } });
    const viewer = await http.createUser("VIEWER");
    const list = await http.call(routes.queues, "GET", "/api/queues", { user: viewer });
    expect(list.status, list.text).toBe(200);
    const def = list.body.queues.find((q: { name: string }) => q.name === "default");
    expect(def.counts).toMatchObject({ completed: JOBS + BATCH_JOBS, failed: FAILING, waiting: 0, active: 0 });
    // A queue the config lacks is found by the discovery SCAN (run on every master).
    expect(list.body.queues.find((q: { name: string }) => q.name === "cluster-legacy")).toMatchObject({ configured: false, counts: { waiting: 1 } });

    const page = await http.call(routes.jobs, "GET", "/api/queues/default/jobs", { user: viewer, params: { name: "default" }, query: { state: "completed", limit: 25 } });
    expect(page.status, page.text).toBe(200);
    expect(page.body.rows).toHaveLength(25);
    expect(page.body.total).toBe(JOBS + BATCH_JOBS);
    expect(page.body.rows[0]).toMatchObject({ name: "test.record", state: "completed" });
    const next = await http.call(routes.jobs, "GET", "/api/queues/default/jobs", { user: viewer, params: { name: "default" }, query: { state: "completed", limit: 25, cursor: page.body.nextCursor } });
    expect(next.status, next.text).toBe(200);
    expect(next.body.rows.map((r: { id: string }) => r.id)).not.toContain(page.body.rows[0].id);

    const detail = await http.call(routes.job, "GET", `/api/jobs/default/${ids[0]}`, { user: viewer, params: { queue: "default", id: ids[0] } });
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body).toMatchObject({ id: ids[0], queue: "default", name: "test.record", state: "completed" });

    const failed = await http.call(routes.failed, "GET", "/api/failed-jobs", { user: viewer });
    expect(failed.status, failed.text).toBe(200);
    expect(failed.body.rows.map((r: { jobId: string }) => r.jobId).sort()).toEqual([...failingIds].sort());

    const batchView = await http.call(routes.batch, "GET", `/api/batches/${batchId}`, { user: viewer, params: { id: batchId } });
    expect(batchView.status, batchView.text).toBe(200);
    expect(batchView.body.batch).toMatchObject({ id: batchId, totalJobs: BATCH_JOBS, finished: true });

    const sups = await http.call(routes.supervisors, "GET", "/api/supervisors", { user: viewer });
    expect(sups.status, sups.text).toBe(200);
    expect(sups.body.masters.map((m: { host: string }) => m.host)).toEqual(["cluster-a"]);

    const dashboard = await http.call(routes.dashboard, "GET", "/api/dashboard", { user: viewer });
    expect(dashboard.status, dashboard.text).toBe(200);

    // Search (the console's slice script, keyed by the state key) and a few mutations over the cluster.
    const found = await http.call(routes.jobs, "GET", "/api/queues/default/jobs", { user: viewer, params: { name: "default" }, query: { state: "failed", q: "cluster-fail", field: "name" } });
    expect(found.status, found.text).toBe(200);
    expect(found.body.rows.map((r: { id: string }) => r.id).sort()).toEqual([...failingIds].sort());
    const admin = await http.createUser("ADMIN");
    expect((await http.call(routes.pause, "POST", "/api/queues/default/pause", { user: admin, params: { name: "default" } })).status).toBe(200);
    expect(await queue.getQueue("default").isPaused()).toBe(true);
    expect((await http.call(routes.resume, "POST", "/api/queues/default/resume", { user: admin, params: { name: "default" } })).status).toBe(200);
    expect(await queue.getQueue("default").isPaused()).toBe(false);
    const retried = await http.call(routes.retry, "POST", `/api/jobs/default/${failingIds[0]}/retry`, { user: admin, params: { queue: "default", id: failingIds[0] } });
    expect(retried.status, retried.text).toBe(200);
    // It runs again on the workers and fails again (the job always throws): a second attempt was made.
    await harness.waitFor(async () => {
      const job = await queue.getQueue("default").getJob(failingIds[0]);
      return job && (await job.getState()) === "failed" && job.attemptsStarted >= 2;
    }, 30_000, "the retried job ran again");

    expect(await w.stop()).toBe(0);
  } finally {
    redis.disconnect();
  }
}, 240_000);

it("a `next start` console on the cluster serves the queue list and supervisors over HTTP", async () => {
  const { startTestServer } = await import("../authz/test-server");
  const { signInOverHttp } = await import("../authz/http-session");
  const { createUser } = await import("@/lib/auth/users");
  const email = `cluster-${randomUUID().slice(0, 8)}@cluster.test`;
  await createUser({ email, password: "cluster-viewer-pw", role: "VIEWER" });
  // process.env carries REDIS_CLUSTER_NODES and the tagged prefix: the console connects to the cluster only.
  const server = await startTestServer(ROOT, {});
  try {
    const { cookie, error } = await signInOverHttp(server.baseUrl, email, "cluster-viewer-pw");
    expect(cookie, error ?? "").toBeTruthy();
    const get = (url: string) => fetch(server.baseUrl + url, { headers: { cookie: cookie! } });
    const list = await get("/api/queues");
    expect(list.status, server.output()).toBe(200);
    const body = (await list.json()) as { queues: { name: string; configured: boolean; counts: { completed: number } }[] };
    // What the previous test left: 220 completed on default, and the queue found only by the SCAN.
    expect(body.queues.find((q) => q.name === "default")?.counts.completed).toBe(JOBS + BATCH_JOBS);
    expect(body.queues.find((q) => q.name === "cluster-legacy")?.configured).toBe(false);
    const page = await get(`/api/queues/default/jobs?state=completed&limit=5`);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { rows: unknown[] }).rows).toHaveLength(5);
    expect((await get("/api/supervisors")).status).toBe(200);
    // The Retell webhook route enqueues on the cluster (no worker runs `webhooks` here, so the job stays).
    const { retellEnvelope, signedDelivery } = await import("@/lib/retell/fixtures");
    const { env } = await import("@/lib/env");
    const callId = `cluster${randomUUID().replace(/-/g, "")}`.slice(0, 32);
    const delivery = signedDelivery(retellEnvelope("call_started", { callId, agentId: "agent_cluster" }), env().RETELL_API_KEY!);
    const posted = await fetch(`${server.baseUrl}/api/retell/webhook`, { method: "POST", body: delivery.body, headers: delivery.headers });
    expect(posted.status, server.output()).toBe(204);
    expect(await lib.queue.getQueue("webhooks").getJob(`retell-${callId}-call_started`)).toBeTruthy();
  } finally {
    await server.stop();
    const { prisma } = await import("@/lib/db/client");
    await prisma().user.deleteMany({ where: { email } });
  }
}, 120_000);
