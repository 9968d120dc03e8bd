// Issue 6 "Done when": a snapshot is taken once per minute with two workers
// processes running. Two processes each upsert the housekeeping job scheduler and
// run a housekeeping worker (startHousekeeping, what workers/main.ts calls). The
// period is 1 s and their clocks are warped ×60, so each second is a "minute".
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getQueue, closeQueues } from "../queue";
import { createRedis, key } from "../redis/connection";
import { HOUSEKEEPING_QUEUE } from "./housekeeping";
import { MINUTE_MS, minuteOf, metricsKeys } from "./keys";
import { recordJobFinished } from "./record-job";
import { closeMetricsRedis } from "./redis";
import type { QueueSnapshot } from "./snapshots";
import { sleep } from "./test-support";

const ROOT = path.resolve(import.meta.dirname, "../..");
const redis = createRedis();
const children: ChildProcess[] = [];

const readyAt: number[] = [];

function startHost(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/metrics/fixtures/housekeeping-host.ts"], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (!d.toString().includes("ready")) return;
      readyAt.push(Date.now());
      resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`host exited with ${code}: ${err}`)));
  });
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  redis.disconnect();
  await closeMetricsRedis();
  await closeQueues();
});

describe("housekeeping across hosts", () => {
  it("two processes, one scheduler: every period's snapshot job runs once, every minute is snapshotted once", async () => {
    const realStart = Date.now();
    const simStart = minuteOf(realStart) + MINUTE_MS; // the next whole simulated minute
    // Measurements in simulated minutes 0..3 of the run (as workers on any host would record them).
    for (let m = 0; m < 4; m++) {
      for (let i = 0; i <= m; i++) {
        await recordJobFinished({ queue: "emails", name: "HkProbe", jobId: `hk-${m}-${i}`, outcome: "completed", runtimeMs: 10, waitMs: 5, finishedAt: simStart + m * MINUTE_MS + 1_000 });
      }
    }
    const logKey = key("test", "housekeeping-runs");
    const env = { HK_REAL_START: String(realStart), HK_SIM_START: String(simStart), HK_LOG_KEY: logKey, HK_EVERY_MS: "1000", HK_WARP: "60" };
    const hosts = await Promise.all([startHost(env), startHost(env)]);
    await sleep(7_000);
    for (const h of hosts) h.kill("SIGTERM");
    await Promise.all(hosts.map((h) => new Promise((r) => (h.exitCode === null ? h.on("exit", r) : r(null)))));
    // Periods since the first host scheduled (its first iteration runs at once), until both stopped.
    const elapsedPeriods = Math.ceil((Date.now() - Math.min(...readyAt)) / 1000) + 1;

    const runs = (await redis.lrange(logKey, 0, -1)).map((r) => JSON.parse(r) as { pid: number; jobId: string; minutes: number[] });
    // One job per scheduler iteration, whichever host took it — never two for one period.
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(runs.length);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(elapsedPeriods + 1);
    // Both hosts upserted the same scheduler id: one scheduler exists.
    expect((await getQueue(HOUSEKEEPING_QUEUE).getJobSchedulers()).map((s) => s.key)).toEqual(["metrics.snapshot"]);
    // No minute was claimed by two runs.
    const claimed = runs.flatMap((r) => r.minutes);
    expect(new Set(claimed).size).toBe(claimed.length);
    // Exactly one snapshot point per minute, and the measured minutes read back right.
    const points = (await redis.zrange(metricsKeys.queueSnapshots("emails"), 0, -1)).map((p) => JSON.parse(p) as QueueSnapshot);
    expect(new Set(points.map((p) => p.at)).size).toBe(points.length);
    const measured = points.filter((p) => p.at >= simStart).sort((a, b) => a.at - b.at);
    expect(measured.length).toBeGreaterThanOrEqual(3);
    measured.slice(0, 4).forEach((p, m) => {
      expect(p.at).toBe(simStart + m * MINUTE_MS);
      expect(p.throughput).toBe(m + 1);
    });
    // After the run the minutes form one contiguous, gap-free series.
    const ats = points.map((p) => p.at).sort((a, b) => a - b);
    ats.slice(1).forEach((at, i) => expect(at - ats[i]).toBe(MINUTE_MS));
  }, 120_000);
});
