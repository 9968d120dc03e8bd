// Each integration test file gets its own Redis key prefix, so files running
// in parallel never see each other's queues. global-setup removes them after.
import { randomUUID } from "node:crypto";

if (!process.env.SWITCHYARD_KEEP_PREFIX) {
  process.env.REDIS_PREFIX = `switchyard-test-${randomUUID().slice(0, 8)}`;
}
