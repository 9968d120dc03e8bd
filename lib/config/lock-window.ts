// The job lock window of a queue connection: the seed's `retry_after` (90 s on `redis`,
// 3600 s on `redis-long-running`) becomes BullMQ's `lockDuration`, `block_for` its
// `drainDelay`. One rule for createQueueWorker() and for the supervisors that hand the
// window to their worker processes (workers/supervisor-main.ts).
import type { QueueConfig } from "./schema";

export interface LockWindow {
  /** BullMQ `lockDuration`: `retryAfter` (s) in ms — a job whose lock is not renewed for this long is stalled. */
  lockDurationMs: number;
  /** BullMQ `drainDelay`: `blockFor` (s). */
  drainDelaySec: number;
}

/** Undefined for a connection that is not redis (or not configured). `name` defaults to the config's default. */
export function connectionLockWindow(queueConfig: QueueConfig, name?: string): LockWindow | undefined {
  const connection = queueConfig.connections[name ?? queueConfig.default];
  if (connection?.driver !== "redis") return undefined;
  return { lockDurationMs: connection.retryAfter * 1000, drainDelaySec: connection.blockFor };
}
