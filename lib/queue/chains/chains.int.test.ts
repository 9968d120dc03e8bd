// Issue 5, chains: steps run in order, each only after the previous succeeded; a
// step that fails for good stops the chain, later steps never run, catch runs once.
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../../db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, getQueue, type QueueWorker } from "../index";
import { sleep, uniqueName, waitFor } from "../test-support";
import { chain, chainResults, chainStep, defineChainCatch, findChain, type ChainCatchContext } from "./index";

const QUEUE = "default";
let worker: QueueWorker;
const log: string[] = [];
const caught: ChainCatchContext[] = [];
const CATCH = defineChainCatch(uniqueName("test.chain-catch"), (ctx) => void caught.push(ctx));

const payload = z.object({ tag: z.string(), failAt: z.string().optional(), failTimes: z.number().default(99) });
const attempts = new Map<string, number>();
const step = (letter: string) =>
  defineJob({
    name: uniqueName(`step-${letter}`),
    queue: QUEUE,
    payload,
    tries: 2,
    backoff: 0.02,
    async handle(ctx) {
      const k = `${ctx.payload.tag}:${letter}`;
      attempts.set(k, (attempts.get(k) ?? 0) + 1);
      await sleep(10); // give a wrongly parallel next step the chance to start early
      if (ctx.payload.failAt === letter && attempts.get(k)! <= ctx.payload.failTimes) throw new Error(`${letter} broke`);
      const before = Object.keys(await chainResults(ctx)).length;
      log.push(`${ctx.payload.tag}:${letter}`);
      return { letter, sawResultsOf: before };
    },
  });
const [A, B, C, D, E, F] = ["A", "B", "C", "D", "E", "F"].map(step);
const STEPS = [A, B, C, D, E, F];
/** A step that waits until the test opens its tag's gate (holds the chain at a running step). */
const gates = new Map<string, () => void>();
const held = new Set<string>();
const Held = defineJob({
  name: uniqueName("step-held"),
  queue: QUEUE,
  payload,
  async handle(ctx) {
    held.add(ctx.payload.tag);
    await new Promise<void>((resolve) => gates.set(ctx.payload.tag, resolve));
    log.push(`${ctx.payload.tag}:held`);
    return { held: true };
  },
});
const run = (tag: string) => log.filter((l) => l.startsWith(`${tag}:`)).map((l) => l.split(":")[1]);

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 8 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

describe("chain", () => {
  it("runs the steps one after another, each seeing the results of the ones before", async () => {
    const tag = uniqueName("ok");
    const started = await chain(STEPS.map((s) => chainStep(s, { tag })), { queue: QUEUE, catch: CATCH }).dispatch();
    const done = await waitFor(async () => ((await findChain(started.id))?.status === "COMPLETED" ? findChain(started.id) : undefined));
    expect(run(tag)).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(done).toMatchObject({ status: "COMPLETED", currentStep: 6, failedStep: null });
    expect(done!.steps.map((s) => [s.status, s.jobId])).toEqual(started.jobIds.map((id) => ["COMPLETED", id]));
    const results = await prisma().chainStep.findMany({ where: { chainId: started.id }, orderBy: { index: "asc" } });
    expect(results.map((r) => (r.result as { sawResultsOf: number }).sawResultsOf)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(caught.filter((c) => c.chain.id === started.id)).toHaveLength(0);
  });

  it("shows the running step: RUNNING with its job id (active in BullMQ), the steps before COMPLETED, the later ones PENDING", async () => {
    const tag = uniqueName("running");
    const steps = [chainStep(A, { tag }), chainStep(B, { tag }), chainStep(Held, { tag }), chainStep(C, { tag }), chainStep(D, { tag })];
    const started = await chain(steps, { queue: QUEUE, catch: CATCH }).dispatch();
    await waitFor(() => held.has(tag));
    try {
      const state = (await findChain(started.id))!;
      expect(state).toMatchObject({ status: "RUNNING", currentStep: 2, failedStep: null, finishedAt: null });
      expect(state.steps.map((s) => [s.index, s.status, s.jobId])).toEqual([
        [0, "COMPLETED", started.jobIds[0]],
        [1, "COMPLETED", started.jobIds[1]],
        [2, "RUNNING", started.jobIds[2]],
        [3, "PENDING", started.jobIds[3]],
        [4, "PENDING", started.jobIds[4]],
      ]);
      expect(state.steps[2]).toMatchObject({ name: Held.name, attempts: 1, startedAt: expect.any(String), finishedAt: null });
      expect(await getQueue(QUEUE).getJobState(started.jobIds[2])).toBe("active");
      expect(await getQueue(QUEUE).getJob(started.jobIds[3])).toBeUndefined(); // later steps are not queued yet
      expect(run(tag)).toEqual(["A", "B"]);
    } finally {
      gates.get(tag)!(); // a failed assertion must not leave the worker holding the step
    }
    const done = await waitFor(async () => ((await findChain(started.id))?.status === "COMPLETED" ? findChain(started.id) : undefined));
    expect(done!.steps.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(run(tag)).toEqual(["A", "B", "held", "C", "D"]);
  });

  it("a transient failure is retried inside its step; the chain goes on", async () => {
    const tag = uniqueName("retry");
    const started = await chain(STEPS.map((s) => chainStep(s, { tag, failAt: "C", failTimes: 1 })), { queue: QUEUE, catch: CATCH }).dispatch();
    await waitFor(async () => (await findChain(started.id))?.status === "COMPLETED");
    expect(run(tag)).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect((await findChain(started.id))!.steps[2]).toMatchObject({ status: "COMPLETED", attempts: 2 });
  });

  it("step 4 failing for good stops the chain: catch once with the error and the step, steps 5–6 never run", async () => {
    const tag = uniqueName("fail");
    const started = await chain(STEPS.map((s) => chainStep(s, { tag, failAt: "D" })), { queue: QUEUE, catch: { name: CATCH, args: { tag } } }).dispatch();
    await waitFor(() => caught.find((c) => c.chain.id === started.id));
    await sleep(300); // E would have started by now if the hand-off were wrong
    expect(run(tag)).toEqual(["A", "B", "C"]);
    expect(attempts.get(`${tag}:D`)).toBe(2); // tries 2
    expect(attempts.get(`${tag}:E`)).toBeUndefined();
    const mine = caught.filter((c) => c.chain.id === started.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ step: { index: 3, name: D.name, jobId: started.jobIds[3] }, error: { message: "D broke" }, args: { tag } });
    const state = await findChain(started.id);
    expect(state).toMatchObject({ status: "FAILED", failedStep: 3, catch: { handler: CATCH, error: null } });
    expect(state!.steps.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "SKIPPED", "SKIPPED"]);
    expect(state!.steps[3].error).toBe("D broke");
  });

  it("a permanent failure skips the retries; an invalid payload fails at dispatch and starts nothing", async () => {
    const Perm = defineJob({ name: uniqueName("perm"), queue: QUEUE, payload: z.object({}), tries: 5, handle: () => { throw new UnrecoverableError("no"); } });
    const started = await chain([chainStep(A, { tag: uniqueName("p") }), chainStep(Perm, {})], { queue: QUEUE, catch: CATCH }).dispatch();
    await waitFor(() => caught.find((c) => c.chain.id === started.id));
    expect((await findChain(started.id))!.steps[1]).toMatchObject({ status: "FAILED", attempts: 1 });

    await expect(chain([chainStep(A, { tag: "x" }), chainStep(B, { nope: 1 } as never)]).dispatch()).rejects.toThrow(/payload is invalid/);
  });

  it("dispatching the same chain id twice starts one chain", async () => {
    const tag = uniqueName("same");
    const id = uniqueName("fixed-chain");
    const a = await chain([chainStep(A, { tag }), chainStep(B, { tag })], { id, queue: QUEUE }).dispatch();
    const b = await chain([chainStep(A, { tag }), chainStep(B, { tag })], { id, queue: QUEUE }).dispatch();
    expect([a.created, b.created]).toEqual([true, false]);
    await waitFor(async () => (await findChain(id))?.status === "COMPLETED");
    await sleep(100);
    expect(run(tag)).toEqual(["A", "B"]);
  });
});
