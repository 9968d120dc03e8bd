// Whether a connection is known to be down. BullMQ waits for a connection that is not ready
// instead of failing, so a Redis that is down would hold every request until it returns. Once a
// connection has lost Redis (an error or close since it was last ready), callers are refused at
// once until it is ready again. Before its very first connect nothing is known: that wait stays.
import type { Redis } from "ioredis";

const watches = new WeakMap<object, { down: boolean }>();

/**
 * Statuses of a connection that has not lost anything yet, when the watch starts: `connect` is
 * ioredis's ready check between the socket and `ready`, not an outage.
 */
const UP_OR_COMING_UP: ReadonlySet<string> = new Set(["wait", "connecting", "connect", "ready"]);

/** Whether the connection has been lost since it was last ready; one watch per connection, kept with it. */
export function connectionWatch(connection: Redis): { readonly down: boolean } {
  const known = watches.get(connection);
  if (known) return known;
  const state = { down: !UP_OR_COMING_UP.has(connection.status) };
  connection.on("ready", () => (state.down = false));
  connection.on("error", () => (state.down = true));
  connection.on("close", () => (state.down = true));
  watches.set(connection, state);
  return state;
}

/** Throws RedisUnavailable while the connection is known to be down (watched from here on if it was not). */
export function refuseWhileDown(connection: Redis): void {
  if (connectionWatch(connection).down) throw new RedisUnavailable(`Redis connection is down (${connection.status})`);
}

/** Refused because the connection is known to be down; route handlers answer 503 for it. */
export class RedisUnavailable extends Error {
  override readonly name = "RedisUnavailable";
}
