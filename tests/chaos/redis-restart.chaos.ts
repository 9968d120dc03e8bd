// Issue 7 · Redis restart (run by `npm run test:chaos`, not by `npm test`).
// A private redis-server (appendonly yes, appendfsync everysec) serves the real
// `workers` process, a producer dispatching fixture jobs and the Retell webhook
// route. Mid-run the server is SIGKILLed, kept down, and restarted on the same
// port and data directory. Proven: while it is down every producer call fails
// (dispatch rejects, the route answers 503 — never a silent 204); after the
// restart the workers reconnect by themselves; every acknowledged job exists
// and every acknowledged fixture job is processed. Figures are printed.
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../authz/test-server";
import { privateRedis, type PrivateRedis } from "./private-redis";

const UP_MS = Number(process.env.CHAOS_UP_MS ?? 3_000);
const DOWN_MS = Number(process.env.CHAOS_DOWN_MS ?? 4_000);
const AFTER_MS = Number(process.env.CHAOS_AFTER_MS ?? 3_000);

let redis: PrivateRedis;
let lib: {
  dispatch: typeof import("@/lib/queue").dispatch;
  getQueue: typeof import("@/lib/queue").getQueue;
  closeQueues: typeof import("@/lib/queue").closeQueues;
  testRecord: typeof import("@/workers/testing/fixture-jobs").testRecord;
  readRecords: typeof import("@/workers/testing/fixture-jobs").readRecords;
  harness: typeof import("@/workers/testing/harness");
  postSigned: typeof import("@/lib/jobs/testing/harness").postSigned;
  retellEnvelope: typeof import("@/lib/retell/fixtures").retellEnvelope;
  POST: (request: Request) => Promise<Response>;
  key: string;
};

beforeAll(async () => {
  redis = privateRedis(await freePort());
  await redis.start();
  // Before anything reads env(): every connection of this file and of the workers goes to the private server.
  process.env.REDIS_URL = redis.url(0);
  const { resetEnvCache, env } = await import("@/lib/env");
  resetEnvCache();
  const queue = await import("@/lib/queue");
  const fixtures = await import("@/workers/testing/fixture-jobs");
  lib = {
    dispatch: queue.dispatch, getQueue: queue.getQueue, closeQueues: queue.closeQueues,
    testRecord: fixtures.testRecord, readRecords: fixtures.readRecords,
    harness: await import("@/workers/testing/harness"),
    postSigned: (await import("@/lib/jobs/testing/harness")).postSigned,
    retellEnvelope: (await import("@/lib/retell/fixtures")).retellEnvelope,
    POST: (await import("@/app/api/retell/webhook/route")).POST,
    key: env().RETELL_API_KEY!,
  };
}, 30_000);

afterAll(async () => {
  lib?.harness.destroyAllWorkers();
  await Promise.race([lib?.closeQueues(), new Promise((r) => setTimeout(r, 2_000))]);
  await redis?.kill();
});

type Phase = "up" | "down" | "after";

it("Redis killed and restarted: producers see errors while it is down, workers reconnect, no acknowledged job missing", async () => {
  const { harness } = lib;
  // Only `default` is worked: webhook jobs stay queued, so their presence after the restart is checkable.
  const w = harness.startWorkers({ override: harness.supervisors({ chaos: { queue: ["default"], balance: "simple", processes: 2 } }) });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "a ready worker process");

  let phase: Phase = "up";
  let running = true;
  let n = 0;
  const acked = new Map<string, Phase>(); // fixture job id → phase it was acknowledged in
  const webhookAcked: string[] = [];
  const tally: Record<string, number> = {};
  const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);

  const producer = (async () => {
    while (running) {
      const current = phase;
      const dispatched = lib.dispatch(lib.testRecord, { n: n++ }).then(
        (id) => (acked.set(id, current), count(`dispatch ok (${current})`)),
        () => count(`dispatch error (${current})`),
      );
      const envelope = lib.retellEnvelope("call_started", { agentId: "agent_chaos" });
      const posted = lib.postSigned(lib.POST, envelope, lib.key).then((res) => {
        count(`webhook ${res.status} (${current})`);
        if (res.status === 204) webhookAcked.push(`retell-${(envelope.call as { call_id: string }).call_id}-call_started`);
      });
      await Promise.all([dispatched, posted]);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();

  await new Promise((r) => setTimeout(r, UP_MS));
  await redis.kill();
  const killedAt = Date.now();
  phase = "down";
  await new Promise((r) => setTimeout(r, DOWN_MS));
  await redis.start();
  const restartedAt = Date.now();
  phase = "after";

  // Recovery: the first fixture job dispatched after the restart that a worker finishes.
  const recovered = await harness.waitFor(async () => {
    const records = await lib.readRecords().catch(() => []);
    return records.find((r) => r.startedAt >= restartedAt);
  }, 60_000, "a job processed after the restart");
  await new Promise((r) => setTimeout(r, AFTER_MS));
  running = false;
  await producer;

  const records = await harness.waitFor(async () => {
    const r = await lib.readRecords();
    const done = new Set(r.map((x) => x.jobId));
    return [...acked.keys()].every((id) => done.has(id)) ? r : null;
  }, 60_000, "every acknowledged fixture job processed").catch(() => lib.readRecords());
  const done = new Set(records.map((r) => r.jobId));
  const missing = [...acked.keys()].filter((id) => !done.has(id));
  const duplicates = records.length - done.size;
  const webhookMissing: string[] = [];
  for (const id of webhookAcked) if (!(await lib.getQueue("webhooks").getJob(id))) webhookMissing.push(id);

  console.log(
    `[chaos:redis-restart] down ${restartedAt - killedAt} ms; first job processed ${recovered.finishedAt - restartedAt} ms after restart; ` +
      `fixture jobs acknowledged ${acked.size}, processed ${done.size}, missing ${missing.length}, duplicates ${duplicates}; ` +
      `webhooks acknowledged ${webhookAcked.length}, missing ${webhookMissing.length}; ${JSON.stringify(tally)}`,
  );

  // While down: only errors, never an acknowledgement.
  expect([...acked.values()].filter((p) => p === "down")).toEqual([]);
  expect(tally["dispatch error (down)"] ?? 0).toBeGreaterThan(0);
  expect(tally["webhook 503 (down)"] ?? 0).toBeGreaterThan(0);
  expect(Object.keys(tally).filter((k) => /^webhook (?!204|503)/.test(k)), "only 204 or 503 from the webhook route").toEqual([]);
  expect(tally["webhook 204 (down)"] ?? 0).toBe(0);
  // Both sides of the outage really produced work.
  expect(tally["dispatch ok (up)"] ?? 0).toBeGreaterThan(10);
  expect(tally["dispatch ok (after)"] ?? 0).toBeGreaterThan(10);
  expect(tally["webhook 204 (after)"] ?? 0).toBeGreaterThan(10);
  // Nothing acknowledged is lost; the workers came back without help.
  expect(missing).toEqual([]);
  expect(webhookMissing).toEqual([]);
  expect(w.proc.exitCode).toBeNull();
  expect(await w.stop("SIGTERM")).toBe(0);
}, 240_000);
