// Each integration test file gets its own Redis key prefix, so files running
// in parallel never see each other's queues. global-setup removes them after.
import { randomUUID } from "node:crypto";

if (!process.env.SWITCHYARD_KEEP_PREFIX) {
  // Under the run id of tests/global-setup.ts, whose teardown removes this run's keys only.
  process.env.REDIS_PREFIX = `switchyard-test-${process.env.SWITCHYARD_TEST_RUN ?? "norun"}-${randomUUID().slice(0, 8)}`;
}
