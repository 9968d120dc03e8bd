// Cached BullMQ Queues (producers) and the runtime's own non-blocking Redis
// connection (middleware locks, rate limits, once(), alert digests).
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "../env";
import { createRedis } from "../redis/connection";
import { connectionWatch, refuseWhileDown } from "../redis/connection-watch";

const QUEUE_NAME = /^[\w-]+$/;

let producer: Redis | undefined;
let shared: Redis | undefined;
const queues = new Map<string, Queue>();

/**
 * One connection for all producers. It fails fast (no offline queue) so a request
 * that dispatches while Redis is down gets an error at once and can answer 503.
 * Watched from its creation, so its first refused connect is seen.
 */
function producerConnection(): Redis {
  if (!producer) {
    producer = createRedis({ failFast: true });
    connectionWatch(producer);
  }
  return producer;
}

/**
 * Opens the producer connection now rather than on first use (the console at start,
 * instrumentation.ts): a Redis that is down is then known to be down before the first request.
 */
export function openProducer(): void {
  producerConnection();
}

/** The runtime's connection for its own keys (locks, limiters, once, digests). */
export function runtimeRedis(): Redis {
  shared ??= createRedis();
  return shared;
}

/**
 * The BullMQ Queue of `name` under the env prefix, created once per process. Throws RedisUnavailable
 * while the producer connection is known to be down: BullMQ would wait for it instead of failing.
 */
export function getQueue(name: string): Queue {
  if (!QUEUE_NAME.test(name)) throw new Error(`Queue name "${name}": letters, digits, _ - only`);
  if (producer) refuseWhileDown(producer);
  const prefix = env().REDIS_PREFIX;
  const cacheKey = `${prefix}|${name}`;
  let queue = queues.get(cacheKey);
  if (!queue) {
    queue = new Queue(name, { connection: producerConnection(), prefix });
    queue.on("error", () => {}); // connection errors surface on the calls that fail; don't crash on the event
    queues.set(cacheKey, queue);
  }
  return queue;
}

/** Closes every cached Queue and the runtime's connections (shutdown, end of a test file). */
export async function closeQueues(): Promise<void> {
  const open = [...queues.values()];
  queues.clear();
  await Promise.allSettled(open.map((q) => q.close()));
  const conns = [producer, shared].filter((c): c is Redis => !!c);
  producer = undefined;
  shared = undefined;
  await Promise.allSettled(conns.map((c) => c.quit()));
}
