import type { ChainableCommander } from "ioredis";
import { describe, expect, it } from "vitest";
import { addJobMetrics } from "./recording";
import { RedisWrites } from "./writes";

/** Records the commands a pipeline would send. */
function recorder() {
  const calls: (string | number)[][] = [];
  const pipe = new Proxy({}, {
    get: (_t, name: string) => (...args: (string | number)[]) => {
      calls.push([name, ...args]);
      return pipe;
    },
  }) as unknown as ChainableCommander;
  return { pipe, calls };
}

describe("RedisWrites", () => {
  it("merges increments, keeps the highest score and the longest expiry", () => {
    const { pipe, calls } = recorder();
    new RedisWrites()
      .hincrby("h", "a", 1).hincrby("h", "a", 2).hincrby("h", "b", 0)
      .zaddMember("z", "m", 5).zaddMember("z", "m", 3).zaddMember("z", "n", 1)
      .expireSeconds("h", 10).expireSeconds("h", 60)
      .setPx("s", "v", -5)
      .toPipeline(pipe);
    expect(calls).toEqual([
      ["hincrby", "h", "a", 3],
      ["zadd", "z", "GT", 5, "m", 1, "n"],
      ["set", "s", "v", "PX", 1],
      ["expire", "h", 60],
    ]);
  });

  it("1,000 jobs of one class on one queue in one minute stay a few dozen commands", () => {
    const w = new RedisWrites();
    const at = Date.UTC(2025, 0, 1, 10, 0, 30);
    for (let i = 0; i < 1_000; i++) {
      addJobMetrics(w, { queue: "emails", name: "SendEmail", jobId: String(i), outcome: i % 10 ? "completed" : "failed", runtimeMs: 40 + (i % 3), waitMs: 5, finishedAt: at });
    }
    const { pipe, calls } = recorder();
    w.toPipeline(pipe);
    expect(w.jobs).toBe(1_000);
    expect(calls.length).toBeLessThan(40);
    const n = calls.find((c) => c[0] === "hincrby" && c[2] === "q|emails|n");
    const f = calls.find((c) => c[0] === "hincrby" && c[2] === "q|emails|f");
    expect(n?.[3]).toBe(1_000);
    expect(f?.[3]).toBe(100);
  });
});
