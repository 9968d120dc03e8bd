// Issue 4 points 1 and 5 against the real workers process: remote control over
// Redis (`npm run workers:pause|continue|status|restart|terminate`, one
// supervisor or the whole master), a crashed supervisor restarted by the
// master, and SIGTERM/SIGINT draining in-flight jobs.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeQueues, dispatch, getQueue } from "@/lib/queue";
import { createRedis } from "@/lib/redis/connection";
import { controlWorkers } from "@/lib/supervisor/control";
import { listMasters, listSupervisors } from "@/lib/supervisor/heartbeats";
import { destroyAllWorkers, startWorkers, supervisors, waitFor, type WorkersProcess } from "./testing/harness";
import { readRecords, testRecord, testSlow } from "./testing/fixture-jobs";
import { runtimeRedis } from "@/lib/queue";
import { key } from "@/lib/redis/connection";

const root = path.resolve(import.meta.dirname, "..");
const redis = createRedis();
let w: WorkersProcess;

/** `npm run workers:<action> -- <args>`: the real script, as an operator runs it. */
function npmRun(action: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", `workers:${action}`, "--", ...args], { cwd: root, env: process.env });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const supervisorOf = async (name: string) => (await listSupervisors(redis)).find((s) => s.supervisor === name);

beforeAll(async () => {
  w = startWorkers({ override: supervisors({ ctl: { queue: ["default"], balance: "simple", processes: 1 } }) });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "first worker process");
  await waitFor(() => supervisorOf("ctl"), 30_000, "supervisor heartbeat");
}, 120_000);
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
  await redis.quit();
});

describe("remote control and lifecycle", () => {
  it("workers:pause stops taking jobs on every master; workers:continue resumes; workers:status says so", async () => {
    const paused = await npmRun("pause");
    expect(paused.code).toBe(0);
    expect(paused.out).toMatch(/pause sent to .+/);
    await waitFor(async () => (await supervisorOf("ctl"))?.status === "paused", 20_000, "supervisor paused");
    expect((await listMasters(redis))[0].status).toBe("paused");
    const status = await npmRun("status");
    expect(status.out).toMatch(/Workers are paused\./);
    expect(status.code).toBe(0);

    const id = await dispatch(testRecord, { n: 1 });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await (await getQueue("default").getJob(id))!.getState()).toBe("waiting");

    expect((await npmRun("continue")).code).toBe(0);
    await waitFor(async () => (await readRecords()).find((r) => r.jobId === id), 30_000, "job after continue");
    await waitFor(async () => (await supervisorOf("ctl"))?.status === "running", 10_000, "status running again");
  }, 120_000);

  it("one supervisor can be paused and resumed by its config name", async () => {
    await controlWorkers(redis, { type: "pause" }, { supervisor: "ctl" });
    await waitFor(async () => (await supervisorOf("ctl"))?.status === "paused", 20_000, "supervisor paused");
    expect((await listMasters(redis))[0].status).toBe("running");
    await controlWorkers(redis, { type: "continue" }, { supervisor: "ctl" });
    await waitFor(async () => (await supervisorOf("ctl"))?.status === "running", 20_000, "supervisor running");
  }, 60_000);

  it("a supervisor killed with SIGKILL is restarted by the master, which says so", async () => {
    const before = (await supervisorOf("ctl"))!;
    process.kill(before.pid, "SIGKILL");
    const line = await w.waitForLog((l) => /supervisor ctl exited unexpectedly \(SIGKILL\); restarting in/.test(l.msg), 30_000, "crash log");
    expect(line.level).toBe(50);
    const after = await waitFor(async () => {
      const s = await supervisorOf("ctl");
      return s && s.pid !== before.pid ? s : null;
    }, 60_000, "restarted supervisor heartbeat");
    expect(after.name).toBe(before.name);
    await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg) && l.pid !== before.pid && l.time > line.time, 90_000, "new worker process");
    const id = await dispatch(testRecord, { n: 2 });
    await waitFor(async () => (await readRecords()).find((r) => r.jobId === id), 60_000, "job after restart");
  }, 180_000);

  it("workers:restart replaces supervisors and their processes gracefully (deploys)", async () => {
    const before = (await supervisorOf("ctl"))!;
    const restarted = await npmRun("restart");
    expect(restarted.code).toBe(0);
    await w.waitForLog((l) => l.msg === "supervisor ctl restarted", 60_000, "restart log");
    const after = await waitFor(async () => {
      const s = await supervisorOf("ctl");
      return s && s.pid !== before.pid ? s : null;
    }, 60_000, "new supervisor");
    expect(after.status).toBe("running");
  }, 120_000);

  it("SIGTERM: stops taking jobs, lets the job in flight finish, exits 0", async () => {
    await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg) && l.time > Date.now() - 120_000, 90_000, "a ready worker");
    const slowId = await dispatch(testSlow, { ms: 3_000 });
    const queued = await dispatch(testRecord, { n: 3 });
    await waitFor(async () => (await runtimeRedis().lrange(key("test", "slow-started"), 0, -1)).includes(slowId), 60_000, "slow job started");
    const stoppedAt = Date.now();
    const code = await w.stop("SIGTERM");
    expect(code).toBe(0);
    const slow = (await readRecords()).find((r) => r.jobId === slowId);
    expect(slow, "the in-flight job finished before exit").toBeDefined();
    expect(await (await getQueue("default").getJob(slowId))!.getState()).toBe("completed");
    // A job still waiting when the signal came stays for the next start.
    expect(await (await getQueue("default").getJob(queued))!.getState()).toBe("waiting");
    expect(Date.now() - stoppedAt).toBeLessThan(60_000);
    expect(await listMasters(redis)).toEqual([]);
    expect(await listSupervisors(redis)).toEqual([]);
  }, 150_000);

  it("SIGINT (Ctrl-C: the whole process group): drains like SIGTERM — the job in flight finishes, exit 0", async () => {
    const int = startWorkers({ override: supervisors({ ctl: { queue: ["default"], balance: "simple", processes: 1 } }), host: "sigint-host" });
    await int.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "worker ready");
    const slowId = await dispatch(testSlow, { ms: 3_000 });
    const queued = await dispatch(testRecord, { n: 4 });
    await waitFor(async () => (await runtimeRedis().lrange(key("test", "slow-started"), 0, -1)).includes(slowId), 60_000, "slow job started");
    // A terminal's Ctrl-C reaches master, supervisor and worker processes at once.
    process.kill(-int.proc.pid!, "SIGINT");
    const code = await Promise.race([int.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 60_000))]);
    expect(code).toBe(0);
    expect(int.logs.some((l) => l.msg === "shutdown requested" && l.signal === "SIGINT")).toBe(true);
    expect((await readRecords()).find((r) => r.jobId === slowId), "the in-flight job finished before exit").toBeDefined();
    expect(await (await getQueue("default").getJob(slowId))!.getState()).toBe("completed");
    expect(await (await getQueue("default").getJob(queued))!.getState()).toBe("waiting");
    expect(await listMasters(redis)).toEqual([]);
    expect(await listSupervisors(redis)).toEqual([]);
  }, 150_000);

  it("fastTermination: the master exits at once and leaves its supervisors to drain (Horizon's fast_termination)", async () => {
    const fast = startWorkers({
      override: supervisors({ ctl: { queue: ["default"], balance: "simple", processes: 1 } }, {}, { fastTermination: true }),
      host: "fast-host",
    });
    await fast.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "worker ready");
    const slowId = await dispatch(testSlow, { ms: 4_000 });
    await waitFor(async () => (await runtimeRedis().lrange(key("test", "slow-started"), 0, -1)).includes(slowId), 60_000, "slow job started");
    expect(await fast.stop("SIGTERM")).toBe(0);
    // The master is gone while the job still runs; its supervisor finishes it and then leaves too.
    expect(await (await getQueue("default").getJob(slowId))!.getState()).toBe("active");
    await waitFor(async () => (await (await getQueue("default").getJob(slowId))!.getState()) === "completed", 60_000, "job finished after the master left");
    await waitFor(async () => !(await listSupervisors(redis)).some((s) => s.host === "fast-host"), 30_000, "supervisor gone");
  }, 150_000);

  it("workers:terminate ends a running master over Redis with exit 0", async () => {
    const second = startWorkers({ override: supervisors({ ctl: { queue: ["default"], balance: "simple", processes: 1 } }), host: "deploy-host" });
    await waitFor(async () => (await listMasters(redis)).find((m) => m.host === "deploy-host"), 90_000, "master heartbeat");
    const result = await npmRun("terminate", "--host=deploy-host");
    expect(result.code).toBe(0);
    expect(await second.exited).toBe(0);
    expect((await npmRun("status")).code).toBe(1); // inactive
  }, 150_000);
});
