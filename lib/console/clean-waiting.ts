// Cleaning a queue's waiting list without scanning it. BullMQ's clean("wait")
// ends every call with an LREM over the whole list: ~20 ms per call at 100,000
// waiting jobs, ~10× that at a million, and Redis serves nobody meanwhile. This
// takes the oldest jobs off the tail instead (LRANGE + LTRIM of `limit` ids,
// O(limit)) and deletes their keys, all in one short script. Jobs that need
// BullMQ's own bookkeeping — children of a flow, deduplicated, repeatable — stop
// the script; the caller removes that one with queue.remove() and goes on.
import type { Queue } from "bullmq";
import { consoleRedis } from "./redis";

/** KEYS: wait list, events stream. ARGV: job key prefix, limit, newest timestamp to remove. → [removed ids, id that needs BullMQ or ""] */
const CLEAN_WAITING_LUA = `
local ids = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[2]), -1)
local removed = {}
local special = ''
for i = #ids, 1, -1 do
  local id = ids[i]
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'parentKey', 'deid', 'rjk', 'timestamp')
  if f[4] and tonumber(f[4]) > tonumber(ARGV[3]) then break end
  if f[1] or f[2] or f[3] then special = id break end
  redis.call('UNLINK', key, key .. ':logs', key .. ':dependencies', key .. ':processed', key .. ':failed', key .. ':unsuccessful')
  removed[#removed + 1] = id
end
if #removed > 0 then
  redis.call('LTRIM', KEYS[1], 0, -#removed - 1)
  redis.call('XADD', KEYS[2], '*', 'event', 'cleaned', 'count', #removed)
end
return { removed, special }
`;

type CleanRedis = ReturnType<typeof consoleRedis> & {
  syCleanWaiting(wait: string, events: string, prefix: string, limit: number, maxTimestamp: number): Promise<[string[], string]>;
};

const prepared = new WeakSet<object>();

function redis(): CleanRedis {
  const r = consoleRedis();
  if (!prepared.has(r)) {
    r.defineCommand("syCleanWaiting", { numberOfKeys: 2, lua: CLEAN_WAITING_LUA });
    prepared.add(r);
  }
  return r as CleanRedis;
}

/**
 * Removes up to `limit` of the oldest waiting jobs added at or before `maxTimestamp`.
 * `exhausted`: nothing older than the cutoff is left to remove.
 */
export async function cleanWaitingChunk(queue: Queue, limit: number, maxTimestamp: number): Promise<{ removed: number; exhausted: boolean }> {
  const [removed, special] = await redis().syCleanWaiting(queue.toKey("wait"), queue.toKey("events"), queue.toKey(""), limit, maxTimestamp);
  if (!special) return { removed: removed.length, exhausted: removed.length < limit };
  // BullMQ knows how to detach a child from its parent and drop a deduplication key.
  await queue.remove(special).catch(() => 0);
  return { removed: removed.length + 1, exhausted: false };
}
