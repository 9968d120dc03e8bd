// Issue 5 follow-up: a batch callback claimed by a process that dies before finishing it
// is not lost. A child process claims `finally` (by cancelling an empty batch, so no job
// could ever re-run it) and is SIGKILLed inside the callback; the sweeper of another
// process takes the claim over once its lease ran out and runs it — once. A claimer that
// is alive and renewing keeps its callback; a sweeper without the handler leaves it.
// Real Redis + PostgreSQL and a real kill -9.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../../db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, runtimeRedis, type QueueWorker } from "../index";
import { sleep, uniqueName, waitFor } from "../test-support";
import { isJobIdOfBatch, keyedJobId } from "./batch-ids";
import { batchCallbacks } from "./batch-callbacks";
import { callbackLeaseMs, setCallbackLeaseMs } from "./callback-leases";
import { batchJob, createBatch, defineBatchCallback, findBatch, sweepBatchCallbacks } from "./index";

const CHILD = path.resolve(import.meta.dirname, "../../../tests/batches/callback-claimer.ts");
const ON_WIRE = path.resolve(import.meta.dirname, "../../../tests/batches/record-on-wire.ts");
const DEFAULT_LEASE = callbackLeaseMs();
const runs = new Map<string, number>();
let worker: QueueWorker | undefined;

afterEach(() => setCallbackLeaseMs(DEFAULT_LEASE));
afterAll(async () => {
  await worker?.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

/** Runs the claimer process to its SIGKILL; returns the batch it made. */
function runClaimer(env: Record<string, string>, script = CHILD): Promise<{ batchId: string; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (_code, signal) => resolve({ batchId: /batch (\S+)/.exec(output)?.[1] ?? "", signal, output })));
}

describe("a claimer killed inside a callback", () => {
  it("the callback runs again, once, after its lease ran out — not before, and not where its handler is unknown", async () => {
    const name = defineBatchCallback(uniqueName("recovery.finally"), ({ batch }) => {
      runs.set(batch.id, (runs.get(batch.id) ?? 0) + 1);
    });
    const counterKey = `${process.env.REDIS_PREFIX}:test:${name}:claimer-runs`;
    const leaseMs = 1_500;
    const { batchId, signal, output } = await runClaimer({ CALLBACK_NAME: name, COUNTER_KEY: counterKey, LEASE_MS: String(leaseMs) });
    expect(signal).toBe("SIGKILL");
    expect(output).not.toContain("survived");
    expect(await runtimeRedis().get(counterKey)).toBe("1"); // it did start the callback

    // Claimed by the dead cancel, never done: before the fix nothing would ever run it.
    let b = await findBatch(batchId);
    expect(b).toMatchObject({ finished: true, cancelled: true });
    expect(b!.callbacks.finally).toMatchObject({ claimedBy: expect.stringMatching(/^cancel:/), doneAt: null });

    // Within the lease the claimer might still be running it: the sweeper waits.
    expect((await sweepBatchCallbacks()).ran).toEqual([]);

    await sleep(leaseMs + 100);
    // A process that does not have the handler leaves it for one that does.
    const handler = batchCallbacks.get(name)!;
    batchCallbacks.unregister(name);
    try {
      const elsewhere = await sweepBatchCallbacks();
      expect(elsewhere.ran).toEqual([]);
      expect(elsewhere.leftForOthers).toBeGreaterThanOrEqual(1);
    } finally {
      defineBatchCallback(name, handler);
    }

    const [first, second] = await Promise.all([sweepBatchCallbacks(), sweepBatchCallbacks()]); // two sweepers at once
    expect([...first.ran, ...second.ran].filter((r) => r.batchId === batchId)).toHaveLength(1);
    expect(runs.get(batchId)).toBe(1);
    b = await findBatch(batchId);
    expect(b!.callbacks.finally).toMatchObject({ claimedBy: expect.stringMatching(/^sweep:/), doneAt: expect.any(Number), error: null });
    const row = await waitFor(() => prisma().batch.findUnique({ where: { id: batchId } }).then((r) => {
      const done = (r?.callbacks as { finally?: { doneAt: number | null } } | undefined)?.finally?.doneAt;
      return done ? r : undefined;
    }));
    expect(row?.finishedAt).toBeInstanceOf(Date);

    // Done for good: later sweeps, even far in the future, run nothing.
    expect((await sweepBatchCallbacks(Date.now() + 3_600_000)).ran.filter((r) => r.batchId === batchId)).toEqual([]);
    expect(runs.get(batchId)).toBe(1);
  }, 60_000);
});

describe("a claimer that is alive", () => {
  it("keeps renewing its lease while a slow callback runs, so sweepers never take it over", async () => {
    configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
    setCallbackLeaseMs(300);
    const tag = uniqueName("slow-finally");
    let running = false;
    const slow = defineBatchCallback(uniqueName("recovery.slow"), async ({ batch }) => {
      running = true;
      runs.set(batch.id, (runs.get(batch.id) ?? 0) + 1);
      await sleep(1_500); // five leases long
      running = false;
    });
    const Work = defineJob({ name: uniqueName("recovery-work"), queue: "default", payload: z.object({ tag: z.string() }), handle: () => 1 });
    worker = createQueueWorker("default", { concurrency: 2 });
    const id = await createBatch({ name: `Slow ${tag}`, queue: "default", finally: slow, jobs: [batchJob(Work, { tag })] });
    await waitFor(() => running, 10_000);
    let reclaimed = 0;
    while (running) {
      reclaimed += (await sweepBatchCallbacks()).ran.filter((r) => r.batchId === id).length;
      await sleep(100);
    }
    expect(reclaimed).toBe(0);
    const b = await waitFor(async () => {
      const s = await findBatch(id);
      return s?.callbacks.finally?.doneAt ? s : undefined;
    });
    expect(isJobIdOfBatch(id, b.callbacks.finally?.claimedBy ?? "")).toBe(true); // still the job that finished the batch, not a sweeper
    expect(runs.get(id)).toBe(1);
    expect((await sweepBatchCallbacks(Date.now() + 3_600_000)).ran.filter((r) => r.batchId === id)).toEqual([]);
  }, 60_000);
});

describe("a worker killed once its records are on the wire, before Redis answers", () => {
  it("the records still count (the batch finishes), and the finally they claimed runs once via the sweeper", async () => {
    const name = defineBatchCallback(uniqueName("recovery.on-wire"), ({ batch }) => {
      runs.set(batch.id, (runs.get(batch.id) ?? 0) + 1);
    });
    const leaseMs = 1_000;
    const { batchId, signal, output } = await runClaimer({ CALLBACK_NAME: name, LEASE_MS: String(leaseMs) }, ON_WIRE);
    expect(signal).toBe("SIGKILL");
    expect(output).not.toContain("answered");
    expect(output).not.toContain("finally ran");
    // Both records sent just before the kill were applied: nothing pending, finished, finally claimed by job 3.
    const b = await findBatch(batchId);
    expect(b).toMatchObject({ totalJobs: 3, pendingJobs: 0, succeededJobs: 3, finished: true });
    expect(b!.callbacks.finally).toMatchObject({ claimedBy: keyedJobId(batchId, "3"), doneAt: null });
    await sleep(leaseMs + 100);
    const swept = await sweepBatchCallbacks();
    expect(swept.ran.filter((r) => r.batchId === batchId)).toHaveLength(1);
    expect(runs.get(batchId)).toBe(1);
    expect((await findBatch(batchId))!.callbacks.finally?.doneAt).toEqual(expect.any(Number));
  }, 60_000);
});
