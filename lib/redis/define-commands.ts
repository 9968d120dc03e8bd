// Lua scripts as named ioredis commands: each call sends EVALSHA (the script text
// only once, after a SCRIPT FLUSH or on a new server), defined once per connection.
import type { Redis } from "ioredis";

export interface ScriptCommand {
  numberOfKeys: number;
  lua: string;
}

/** Per connection, the command sets (module constants) already defined on it. */
const defined = new WeakMap<Redis, WeakSet<object>>();

/** `redis` with `commands` defined on it, typed as `R`. Cheap after the first call: one WeakMap/WeakSet lookup. */
export function withCommands<R extends Redis>(redis: Redis, commands: Readonly<Record<string, ScriptCommand>>): R {
  let sets = defined.get(redis);
  if (!sets) defined.set(redis, (sets = new WeakSet()));
  if (!sets.has(commands)) {
    for (const [name, command] of Object.entries(commands)) redis.defineCommand(name, command);
    sets.add(commands);
  }
  return redis as R;
}
