// Redis unreachable → 503 (so Retell retries), quickly, and nothing acknowledged.
// This file points REDIS_URL at a port nothing listens on before anything reads env().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "@/tests/closed-port";

let POST: (request: Request) => Promise<Response>;
let key: string;

beforeAll(async () => {
  process.env.REDIS_URL = `redis://127.0.0.1:${await closedPort()}/1`;
  const { resetEnvCache, env } = await import("@/lib/env");
  resetEnvCache();
  key = env().RETELL_API_KEY!;
  ({ POST } = await import("./route"));
});

afterAll(async () => {
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 1_000))]);
});

describe("POST /api/retell/webhook with Redis down", () => {
  it("answers 503 queue_unavailable within the enqueue timeout, every time", async () => {
    const { postSigned } = await import("@/lib/jobs/testing/harness");
    const { retellEnvelope } = await import("@/lib/retell/fixtures");
    // The first delivery may wait out the enqueue timeout (the connection is still "connecting");
    // once the producer is known to be reconnecting, refusals are immediate.
    for (const limitMs of [4_000, 500, 500]) {
      const started = Date.now();
      const response = await postSigned(POST, retellEnvelope("call_started", { agentId: "agent_down" }), key);
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("queue_unavailable");
      expect(Date.now() - started).toBeLessThan(limitMs);
    }
  });

  it("still refuses a bad signature with 401 (checked before Redis is touched)", async () => {
    const { postSigned } = await import("@/lib/jobs/testing/harness");
    const { retellEnvelope } = await import("@/lib/retell/fixtures");
    const response = await postSigned(POST, retellEnvelope("call_started", { agentId: "a" }), "wrong-key");
    expect(response.status).toBe(401);
  });
});
