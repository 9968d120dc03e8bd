// Cleaning a queue's waiting list without scanning it. BullMQ's clean("wait")
// ends every call with an LREM over the whole list: ~20 ms per call at 100,000
// waiting jobs, ~10× that at a million, and Redis serves nobody meanwhile. This
// takes the oldest jobs off the tail instead (LRANGE + LTRIM of `limit` ids,
// O(limit)) and deletes their keys, all in one short script. Jobs that need
// BullMQ's own bookkeeping — children of a flow, deduplicated, repeatable — stop
// the script; the caller removes that one with queue.remove() and goes on.
// A job scheduler's next run cannot be removed (scheduler-jobs.ts): it is kept,
// put back at the tail where it was, and the walk goes past it.
import type { Queue } from "bullmq";
import { removeThroughBullmq } from "./remove-through-bullmq";
import { IS_SCHEDULER_JOB_LUA } from "./scheduler-jobs";
import { withCommands } from "../redis/define-commands";
import { consoleRedis } from "./redis";

/**
 * KEYS: wait list, events stream, job schedulers. ARGV: job key prefix, limit, newest timestamp to remove.
 * → [removed ids, id that needs BullMQ or "", tail entries walked (removed or kept)]
 */
const CLEAN_WAITING_LUA = `${IS_SCHEDULER_JOB_LUA}
local ids = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[2]), -1)
local removed = {}
local kept = {}
local special = ''
for i = #ids, 1, -1 do
  local id = ids[i]
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'parentKey', 'deid', 'rjk', 'timestamp')
  if f[4] and tonumber(f[4]) > tonumber(ARGV[3]) then break end
  if isSchedulerJob(KEYS[3], id, f[3]) then
    kept[#kept + 1] = id
  elseif f[1] or f[2] or f[3] then
    special = id
    break
  else
    redis.call('UNLINK', key, key .. ':logs', key .. ':dependencies', key .. ':processed', key .. ':failed', key .. ':unsuccessful')
    removed[#removed + 1] = id
  end
end
local walked = #removed + #kept
if walked > 0 then
  redis.call('LTRIM', KEYS[1], 0, -walked - 1)
  -- Oldest kept job last, so it is at the tail again.
  for i = #kept, 1, -1 do redis.call('RPUSH', KEYS[1], kept[i]) end
end
if #removed > 0 then redis.call('XADD', KEYS[2], '*', 'event', 'cleaned', 'count', #removed) end
return { removed, special, walked }
`;

type CleanRedis = ReturnType<typeof consoleRedis> & {
  syCleanWaiting(wait: string, events: string, schedulers: string, prefix: string, limit: number, maxTimestamp: number): Promise<[string[], string, number]>;
};

const CLEAN_WAITING_COMMANDS = { syCleanWaiting: { numberOfKeys: 3, lua: CLEAN_WAITING_LUA } };

const redis = () => withCommands<CleanRedis>(consoleRedis(), CLEAN_WAITING_COMMANDS);

/**
 * Removes up to `limit` of the oldest waiting jobs added at or before `maxTimestamp`.
 * `removed` counts only jobs that are gone. `exhausted`: nothing this clean can remove
 * is left — the walk met a newer job or the list's head, found only jobs it keeps, or
 * met a job BullMQ would not remove (every next chunk would stop at it again).
 */
export async function cleanWaitingChunk(queue: Queue, limit: number, maxTimestamp: number): Promise<{ removed: number; exhausted: boolean }> {
  const [removed, special, walked] = await redis().syCleanWaiting(queue.toKey("wait"), queue.toKey("events"), queue.toKey("repeat"), queue.toKey(""), limit, maxTimestamp);
  if (!special) return { removed: removed.length, exhausted: walked < limit || removed.length === 0 };
  // BullMQ knows how to detach a child from its parent and drop a deduplication key.
  const gone = await removeThroughBullmq(queue, special);
  return { removed: removed.length + (gone ? 1 : 0), exhausted: !gone };
}
