import type { Job } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { registerAttemptHooks, runAfterCompleted, runAfterFailed, runBeforeAttempt, type AttemptInfo } from "./attempt-hooks";

const info = { job: { id: "1", queueName: "q" } as Job, data: { payload: {}, meta: { dispatchedAt: 0 } }, meta: { dispatchedAt: 0 }, attempt: 1 } as AttemptInfo;
const cleanups: (() => void)[] = [];
const register = (...args: Parameters<typeof registerAttemptHooks>) => cleanups.push(registerAttemptHooks(...args));
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe("attempt hooks", () => {
  it("run in registration order; the first skip wins and later beforeAttempt hooks do not run", async () => {
    const seen: string[] = [];
    register({ name: "t-a", beforeAttempt: () => void seen.push("a") });
    register({ name: "t-b", beforeAttempt: () => (seen.push("b"), { skip: "because" }) });
    register({ name: "t-c", beforeAttempt: () => void seen.push("c") });
    expect(await runBeforeAttempt(info)).toEqual({ skip: "because" });
    expect(seen).toEqual(["a", "b"]);
  });

  it("afterCompleted errors propagate (the attempt fails and is retried); afterFailed errors are swallowed and reported as false", async () => {
    register({ name: "t-x", afterCompleted: () => { throw new Error("redis down"); }, afterFailed: () => { throw new Error("nope"); } });
    const after: string[] = [];
    register({ name: "t-y", afterFailed: () => void after.push("y ran") });
    await expect(runAfterCompleted(info, 1)).rejects.toThrow("redis down");
    await expect(runAfterFailed(info, new Error("job failed"))).resolves.toBe(false);
    expect(after).toEqual(["y ran"]);
    cleanups.shift()!(); // without the throwing hook every afterFailed ran
    await expect(runAfterFailed(info, new Error("job failed"))).resolves.toBe(true);
  });

  it("registering the same name again replaces the hook", async () => {
    register({ name: "t-same", beforeAttempt: () => ({ skip: "old" }) });
    register({ name: "t-same", beforeAttempt: () => ({ skip: "new" }) });
    expect(await runBeforeAttempt(info)).toEqual({ skip: "new" });
  });
});
