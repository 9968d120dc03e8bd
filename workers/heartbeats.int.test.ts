// Issue 4 points 6 and 9 with two real `workers` processes on different "hosts"
// (WORKERS_HOST) against one Redis: both masters and their supervisors appear in
// one heartbeat view, the per-queue process count sums them, a killed host
// disappears within a few heartbeats, and housekeeping stays scheduled once.
import { afterAll, expect, it } from "vitest";
import { closeQueues, getQueue } from "@/lib/queue";
import { HOUSEKEEPING_QUEUE } from "@/lib/metrics/housekeeping";
import { createRedis, key } from "@/lib/redis/connection";
import { listMasters, listSupervisors, workersPerQueue } from "@/lib/supervisor/heartbeats";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";

const redis = createRedis();
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
  await redis.quit();
});

it("two hosts appear in one view, their processes sum, a dead host drops out", async () => {
  const config = supervisors({ hb: { queue: ["default", "emails"], balance: "simple", processes: 2 } });
  const watermarks = ["default", "emails"].map((q) => key("failure-sweep", q, "watermark"));
  await redis.del(...watermarks);
  const a = startWorkers({ override: config, host: "host-a" });
  const b = startWorkers({ override: config, host: "host-b" });
  const sups = await waitFor(async () => {
    const s = await listSupervisors(redis);
    return s.length === 2 ? s : null;
  }, 90_000, "both supervisors");
  expect(sups.map((s) => s.host).sort()).toEqual(["host-a", "host-b"]);
  const masters = await listMasters(redis);
  expect(masters.map((m) => m.host).sort()).toEqual(["host-a", "host-b"]);
  for (const m of masters) {
    expect(m).toMatchObject({ environment: "local", status: "running" });
    expect(m.supervisors).toEqual([`${m.name}:hb`]);
    // The master's own fields: its pid, its memory, a last-seen that is recent and moves on.
    expect(m.pid).toBe((m.host === "host-a" ? a : b).proc.pid);
    expect(m.memoryMb).toBeGreaterThan(0);
    expect(m.startedAt).toBeLessThanOrEqual(m.lastSeen);
    expect(Date.now() - m.lastSeen).toBeLessThan(5_000);
  }
  const seen = Object.fromEntries(masters.map((m) => [m.name, m.lastSeen]));
  await waitFor(async () => {
    const now = await listMasters(redis);
    return now.length === 2 && now.every((m) => m.lastSeen > seen[m.name]);
  }, 10_000, "both masters' lastSeen refreshed");
  const s = sups[0];
  expect(s).toMatchObject({ supervisor: "hb", connection: "redis", queues: ["default", "emails"], balance: "simple", status: "running" });
  expect(s.processes).toEqual({ default: 1, emails: 1 });
  expect(s.pid).toBeGreaterThan(0);
  expect(s.memoryMb).toBeGreaterThan(0);
  expect(Date.now() - s.lastSeen).toBeLessThan(5_000);
  // default: both pools of both hosts may take it (priority order); emails: its own pool on each host.
  expect(await workersPerQueue(redis)).toEqual({ default: 4, emails: 2 });
  // The worker processes sweep their queues for failures nobody archived, first at start (lib/queue/failure-sweeper.ts).
  await waitFor(async () => (await redis.exists(...watermarks)) === 2, 10_000, "failure sweep watermarks");

  // Two masters upserted the housekeeping schedules: still one scheduler per task.
  const schedulers = await getQueue(HOUSEKEEPING_QUEUE).getJobSchedulers();
  expect(schedulers.map((x) => x.key).sort()).toEqual(["metrics.snapshot", "ops.trim", "webhooks.duplicates"]);

  b.destroy(); // kill -9 of host b's whole process tree: no goodbye, only missing heartbeats
  const goneAt = Date.now();
  await waitFor(async () => (await listMasters(redis)).length === 1 && (await listSupervisors(redis)).length === 1, 15_000, "host-b gone");
  expect(Date.now() - goneAt).toBeLessThan(10_000);
  expect((await listMasters(redis))[0].host).toBe("host-a");
  expect(await workersPerQueue(redis)).toEqual({ default: 2, emails: 1 });
  expect(await a.stop()).toBe(0);
}, 180_000);
