import type { MetricsPipeline } from "./writes";
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
  }) as unknown as MetricsPipeline;
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
      .appendTo(pipe);
    expect(calls).toEqual([
      ["syHincrbyMany", "h", "a", 3],
      ["zadd", "z", "GT", 5, "m", 1, "n"],
      ["set", "s", "v", "PX", 1],
      ["expire", "h", 60],
    ]);
  });

  it("1,000 jobs of one class on one queue in one minute are five commands", () => {
    const w = new RedisWrites();
    const at = Date.UTC(2025, 0, 1, 10, 0, 30);
    for (let i = 0; i < 1_000; i++) {
      addJobMetrics(w, { queue: "emails", name: "SendEmail", jobId: String(i), outcome: i % 10 ? "completed" : "failed", runtimeMs: 40 + (i % 3), waitMs: 5, finishedAt: at });
    }
    const { pipe, calls } = recorder();
    w.appendTo(pipe);
    expect(w.jobs).toBe(1_000);
    // One command per hash (minute, totals), one ZADD per measured set, one EXPIRE.
    expect(calls.map((c) => c[0])).toEqual(["syHincrbyMany", "syHincrbyMany", "zadd", "zadd", "expire"]);
    const minute = new Map<string, number>();
    const args = calls[0].slice(2);
    for (let i = 0; i < args.length; i += 2) minute.set(String(args[i]), Number(args[i + 1]));
    expect(minute.get("q|emails|n")).toBe(1_000);
    expect(minute.get("q|emails|f")).toBe(100);
  });
});
