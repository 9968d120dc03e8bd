// Jobs with middleware through a Redis outage: every connection of this file (the worker's, the
// producer's, the runtime's own) goes through a TCP proxy the test cuts for a few seconds. A job
// without middleware waits such an outage out; these must too — no failed attempt, no second run.
import { Queue } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { tcpProxy, type TcpProxy } from "../../tests/chaos/tcp-proxy";
import { env, resetEnvCache } from "../env";
import {
  closeQueues, configureFailureAlerts, createQueueWorker, defineJob, defineRateLimit, dispatch, getQueue, rateLimited,
  withoutOverlapping, type JobMiddleware, type QueueWorker,
} from "./index";
import { createGates, sleep, uniqueName, waitFor, waitForFinal } from "./test-support";

const QUEUE = "webhooks";
/** Longer than the runtime connection's reconnect attempts before it fails a command (~1.2 s). */
const OUTAGE_MS = 3_500;
let proxy: TcpProxy;
let worker: QueueWorker;
/** Looks at the jobs over a direct connection, which the outage does not touch. */
let observer: Queue;

beforeAll(async () => {
  const direct = new URL(env().REDIS_URL);
  observer = new Queue(QUEUE, { connection: { host: direct.hostname, port: Number(direct.port || 6379), db: Number(direct.pathname.slice(1) || 0) }, prefix: env().REDIS_PREFIX });
  proxy = await tcpProxy(Number(direct.port || 6379), direct.hostname);
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}${direct.pathname}`;
  resetEnvCache();
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
  await observer.close();
  await proxy.close();
});

async function outage(): Promise<void> {
  await proxy.cut();
  await sleep(OUTAGE_MS);
  await proxy.restore();
  // The producer refuses while it reconnects: the next test dispatches once it is back.
  await waitFor(async () => {
    try {
      await getQueue(QUEUE).getJobCounts();
      return true;
    } catch {
      return false;
    }
  }, 15_000);
}

/** A job that counts its handler's runs; `before` runs ahead of the middleware under test. */
function countedJob(middleware: JobMiddleware[], gate = createGates()) {
  const runs = { count: 0 };
  const def = defineJob({
    name: uniqueName("outage"),
    queue: QUEUE,
    payload: z.object({ company_id: z.number() }),
    tries: 3,
    backoff: [0],
    middleware,
    async handle() {
      runs.count++;
      gate("ran").open();
      await gate("finish").promise;
    },
  });
  return { def, runs, gate };
}

/** Holds the job's first pass before the next middleware until the test opens "go". */
function holdBefore(gate: ReturnType<typeof createGates>): JobMiddleware {
  let held = false;
  return {
    name: "hold",
    async handle(_ctx, next) {
      if (held) return next();
      held = true;
      gate("reached").open();
      await gate("go").promise;
      return next();
    },
  };
}

function expectOneCleanRun(job: Awaited<ReturnType<typeof waitForFinal>>, runs: { count: number }) {
  expect(job.finishedOn && !job.failedReason).toBeTruthy();
  expect(runs.count).toBe(1);
  expect(job.stacktrace ?? []).toEqual([]); // no failed attempt on the way
  expect(job.attemptsMade).toBe(1);
}

it("a lock release that Redis cannot take leaves a job that succeeded succeeded: no failed attempt, no second run", async () => {
  const { def, runs, gate } = countedJob([withoutOverlapping(uniqueName("call"))]);
  const id = await dispatch(def, { company_id: 1 });
  await gate("ran").promise;
  const down = outage();
  gate("finish").open(); // the handler returns while Redis is away: the release fails
  await down;
  expectOneCleanRun(await waitForFinal(observer, id, 30_000), runs);
});

for (const [label, middleware] of [
  ["withoutOverlapping", () => withoutOverlapping(uniqueName("call"))],
  ["rateLimited", () => rateLimited(defineRateLimit({ name: uniqueName("api"), points: 100, durationSec: 1, by: (p: { company_id: number }) => p.company_id }).name)],
] as const) {
  it(`${label}: Redis not answering its check postpones the job (no try used) and it runs once Redis is back`, async () => {
    const gate = createGates();
    gate("finish").open();
    const { def, runs } = countedJob([holdBefore(gate), middleware()], gate);
    const id = await dispatch(def, { company_id: 2 });
    await gate("reached").promise;
    const down = outage();
    gate("go").open(); // the middleware asks Redis while it is away
    await down;
    expectOneCleanRun(await waitForFinal(observer, id, 30_000), runs);
  });
}
