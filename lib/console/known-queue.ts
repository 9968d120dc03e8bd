// Whether a queue exists, asked without creating it. BullMQ's Queue constructor
// writes `<prefix>:<name>:meta`, so calling getQueue() on a name from a URL before
// this check would make the queue it asks about: a viewer's GET of a typo would
// answer 404 once, 200 after, and list the typo as a queue found in Redis.
import { env } from "../env";
import { QueueNotFound } from "./errors";
import { configuredQueues } from "./queue-list";
import { consoleRedis } from "./redis";

/** BullMQ's `Queue.toKey("meta")` of `name`, without a Queue (whose constructor writes it). */
export function queueMetaKey(name: string): string {
  return `${env().REDIS_PREFIX}:${name}:meta`;
}

/** A queue the console may act on: configured, or present in Redis. Reads only. */
export async function assertQueue(name: string): Promise<void> {
  if (configuredQueues().includes(name)) return;
  if (await consoleRedis().exists(queueMetaKey(name))) return;
  throw new QueueNotFound(name);
}
