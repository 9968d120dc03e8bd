// Issue 5: "A worker killed mid-chain resumes at the interrupted step; completed
// steps' side effects never run twice" — with real processes and kill -9.
//   W1 dies (SIGKILL) right after step 1's completion was recorded and step 2 handed off,
//      before BullMQ marked step 1 completed: step 1's job stalls.
//   W2 starts step 2 (slow) and is SIGKILLed in the middle of it: step 2's job stalls.
//   W3 (this process) recovers both: step 1's re-run skips its handler, step 2 runs again
//      from the start, step 3 follows. Every side effect happened exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeQueues, configureFailureAlerts, createQueueWorker, runtimeRedis, type QueueWorker } from "../index";
import { uniqueName, waitFor } from "../test-support";
import { counterKey, KILL_QUEUE, KILL_STEPS } from "../../../tests/chains/kill-steps";
import { chain, chainStep, findChain } from "./index";

// Short enough to keep the test quick, long enough that a loaded machine still renews locks in time
// (a lock lost to a slow event loop counts as a stall, and a second stall fails the job).
const LOCK_MS = 3_000;
const STALLED_MS = 1_000;
const SCRIPT = path.resolve(import.meta.dirname, "../../../tests/chains/chain-worker.ts");
const children: ChildProcess[] = [];
let w3: QueueWorker | undefined;

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], { env: { ...process.env, LOCK_MS: String(LOCK_MS), STALLED_MS: String(STALLED_MS), ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code, signal) => reject(new Error(`worker exited before ready (${code ?? signal})`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => (child.exitCode !== null || child.signalCode ? resolve(child.signalCode) : child.on("exit", (_c, s) => resolve(s))));

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill("SIGKILL");
  await w3?.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

describe("kill -9 mid-chain", () => {
  it("resumes at the interrupted step without running a completed step's side effects twice", async () => {
    configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
    const tag = uniqueName("kill");
    const count = async (kind: "started" | "effect") =>
      Promise.all(KILL_STEPS.map((_, i) => runtimeRedis().get(counterKey(tag, kind, i)).then((v) => Number(v ?? 0))));

    const w1 = await startWorker({ KILL_AFTER_STEP: "1" });
    const started = await chain(KILL_STEPS.map((s, step) => chainStep(s, { tag, step })), { queue: KILL_QUEUE }).dispatch();
    expect(await exited(w1)).toBe("SIGKILL");
    expect(await count("effect")).toEqual([1, 1, 0, 0]);
    let state = await findChain(started.id);
    expect(state!.steps.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED", "PENDING", "PENDING"]);

    const w2 = await startWorker({ CONCURRENCY: "2" });
    await waitFor(async () => (await count("started"))[2] >= 1, 60_000);
    w2.kill("SIGKILL"); // in the middle of step 2 (it works SLOW_STEP_MS before its side effect)
    expect(await exited(w2)).toBe("SIGKILL");
    expect((await count("effect"))[2]).toBe(0);

    w3 = createQueueWorker(KILL_QUEUE, { concurrency: 2, lockDurationMs: LOCK_MS, stalledIntervalMs: STALLED_MS });
    state = await waitFor(async () => {
      const s = await findChain(started.id);
      return s?.status === "COMPLETED" ? s : undefined;
    }, 60_000, 100).catch(async (error) => {
      // Say where it stuck: the chain's rows, each step job's BullMQ state, the counters.
      const { getQueue } = await import("../index");
      const jobs = await Promise.all(started.jobIds.map(async (id) => {
        const job = await getQueue(KILL_QUEUE).getJob(id);
        return { id, state: await job?.getState(), failedReason: job?.failedReason, attemptsMade: job?.attemptsMade, stc: job?.stalledCounter };
      }));
      console.error(JSON.stringify({ chain: await findChain(started.id), jobs, started: await count("started"), effect: await count("effect") }, null, 1));
      throw error;
    });

    expect(await count("effect")).toEqual([1, 1, 1, 1]); // every side effect exactly once
    expect(await count("started")).toEqual([1, 1, 2, 1]); // step 1's re-run never entered its handler; step 2 restarted
    expect(state.steps.map((s) => [s.status, s.attempts])).toEqual([["COMPLETED", 1], ["COMPLETED", 1], ["COMPLETED", 2], ["COMPLETED", 1]]);
    // Step 1's stalled job was re-run and skipped (completed in BullMQ without a second side effect).
    const { getQueue } = await import("../index");
    const job1 = await getQueue(KILL_QUEUE).getJob(started.jobIds[1]);
    expect(await job1?.getState()).toBe("completed");
    expect(job1?.returnvalue).toMatchObject({ skipped: "chain_step_already_completed" });
  }, 180_000);
});
