// Issue 3 point 1: defining and dispatching (validation, ids, bulk, sync, JSON-only payloads)
// and point 5 (uniqueId → BullMQ job id).
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeQueues, createQueueWorker, defineJob, dispatch, dispatchMany, getQueue, PayloadInvalid } from "./index";
import { uniqueName, waitForFinal } from "./test-support";

const seen: unknown[] = [];
const echo = defineJob({
  name: uniqueName("echo"),
  queue: "default",
  payload: z.object({ company_id: z.number().int(), note: z.string().default("none") }),
  uniqueId: (p) => `echo-${p.company_id}-${p.note}`,
  async handle(ctx) {
    seen.push(ctx.payload);
    return { doubled: ctx.payload.company_id * 2, attempt: ctx.attempt };
  },
});

afterAll(async () => {
  await closeQueues();
});

describe("dispatch", () => {
  it("enqueues a valid payload, returns its id, and a worker runs it", async () => {
    const worker = createQueueWorker("default", { concurrency: 2 });
    try {
      const id = await dispatch(echo, { company_id: 21 });
      expect(id).toBe("echo-21-none");
      const job = await waitForFinal(getQueue("default"), id);
      expect(await job.getState()).toBe("completed");
      expect(job.returnvalue).toEqual({ doubled: 42, attempt: 1 });
      expect(job.data.payload).toEqual({ company_id: 21 });
      expect(job.data.meta.dispatchedAt).toBeTypeOf("number");
    } finally {
      await worker.close();
    }
  });

  it("refuses an invalid payload with PayloadInvalid and enqueues nothing", async () => {
    const queue = getQueue("high");
    const before = await queue.count();
    const wrong = dispatch(echo, { company_id: "x" as unknown as number }, { queue: "high" });
    await expect(wrong).rejects.toBeInstanceOf(PayloadInvalid);
    await expect(wrong).rejects.toMatchObject({ status: 400, code: "payload_invalid" });
    expect(await queue.count()).toBe(before);
  });

  it("refuses class instances and functions with a message naming the path", async () => {
    const loose = defineJob({ name: uniqueName("loose"), queue: "low", payload: z.any(), handle: () => undefined });
    await expect(dispatch(loose, { at: new Date() })).rejects.toThrow(/payload\.at is a Date instance.*toISOString/);
    await expect(dispatch(loose, { cb: () => 1 })).rejects.toThrow(/payload\.cb is a function/);
    await expect(dispatch(loose, { m: new Map() })).rejects.toThrow(/payload\.m is a Map instance/);
    expect(await getQueue("low").count()).toBe(0);
  });

  it("uniqueId dedups: a second dispatch with the same id adds no job", async () => {
    const a = await dispatch(echo, { company_id: 5, note: "dup" }, { queue: "low", delay: 60_000 });
    const b = await dispatch(echo, { company_id: 5, note: "dup" }, { queue: "low", delay: 60_000 });
    expect(a).toBe(b);
    expect(await getQueue("low").getDelayedCount()).toBe(1);
  });

  it("dispatchMany validates all payloads first and pushes them in one go", async () => {
    await expect(dispatchMany(echo, [{ company_id: 1, note: "m" }, { company_id: "bad" as unknown as number }], { queue: "reports" })).rejects.toBeInstanceOf(PayloadInvalid);
    expect(await getQueue("reports").count()).toBe(0);
    const ids = await dispatchMany(echo, [1, 2, 3].map((n) => ({ company_id: n, note: "bulk" })), { queue: "reports", priority: 3 });
    expect(ids).toEqual(["echo-1-bulk", "echo-2-bulk", "echo-3-bulk"]);
    expect(await getQueue("reports").getPrioritizedCount()).toBe(3);
  });

  it("the sync connection runs the job inline and propagates its error", async () => {
    seen.length = 0;
    const id = await dispatch(echo, { company_id: 9, note: "sync" }, { connection: "sync" });
    expect(id).toMatch(/^sync-/);
    expect(seen).toEqual([{ company_id: 9, note: "sync" }]);
    const failures: string[] = [];
    const boom = defineJob({
      name: uniqueName("boom"),
      queue: "default",
      connection: "sync",
      payload: z.object({}),
      handle: () => {
        throw new Error("inline boom");
      },
      failed: (error) => void failures.push(error.message),
    });
    await expect(dispatch(boom, {})).rejects.toThrow("inline boom");
    expect(failures).toEqual(["inline boom"]);
  });

  it("refuses the database connection", async () => {
    await expect(dispatch(echo, { company_id: 1 }, { connection: "database" })).rejects.toMatchObject({ code: "connection_unsupported" });
  });
});
