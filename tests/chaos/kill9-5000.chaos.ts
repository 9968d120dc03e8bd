// Issue 7 · kill -9 of a supervisor while 5,000 jobs run (run by `npm run test:chaos`).
// The supervisor engineer's workers/no-loss.int.test.ts (2,000 jobs in `npm test`) at
// NO_LOSS_JOBS (default 5,000 here), against a private redis-server so the jobs' keys
// leave nothing behind in the shared Redis. Proven there: every job id completes, none
// failed, duplicates ≤ the jobs in flight at the kill (those recovered as stalled)
// ≤ the worker processes killed.
import { afterAll } from "vitest";
import { usePrivateRedis } from "./private-redis";

process.env.NO_LOSS_JOBS ??= "5000";
// Before the test module reads env(): its Redis is the private server.
const redis = await usePrivateRedis();
// Registered first, so it runs after the test module's own afterAll (hooks run as a stack).
afterAll(() => redis.kill());

await import("@/workers/no-loss.int.test");
