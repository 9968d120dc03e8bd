// Cleaning the delayed and prioritized sets. BullMQ's clean looks only at the
// first `limit` members by score and skips, among them, a job scheduler's next
// run and jobs newer than the grace; what it skipped stays first, so each call
// removes fewer, and a head of `limit` such jobs stops it for good while older
// jobs wait behind them. This walks the set by rank instead, past what it keeps:
// the caller passes where the last walk ended. Plain jobs go in the script (ZREM,
// UNLINK of their keys); jobs with BullMQ's own bookkeeping (a flow's child,
// deduplicated, a stale repeatable) are handed to queue.remove().
import type { Queue } from "bullmq";
import { removeThroughBullmq } from "./remove-through-bullmq";
import { IS_SCHEDULER_JOB_LUA } from "./scheduler-jobs";
import { withCommands } from "../redis/define-commands";
import { consoleRedis } from "./redis";

/** Members looked at per call: keeping costs one HMGET each, so a walk may look further than it removes. */
const LOOK_FACTOR = 4;

/**
 * KEYS: set, events stream, job schedulers. ARGV: job key prefix, start rank, members to look at,
 * newest timestamp to remove, limit, "delayed" | "prioritized".
 * → [removed in the script, ids for BullMQ, members looked at, 1 when the walk reached the set's end]
 */
const CLEAN_SORTED_LUA = `${IS_SCHEDULER_JOB_LUA}
local start = tonumber(ARGV[2])
local ids = redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[3]) - 1)
local limit = tonumber(ARGV[5])
local cutoff = tonumber(ARGV[4])
local removed = {}
local handOff = {}
local looked = 0
for _, id in ipairs(ids) do
  if #removed + #handOff >= limit then break end
  looked = looked + 1
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'parentKey', 'deid', 'rjk', 'timestamp', 'processedOn')
  -- BullMQ's clean dates a delayed job by processedOn (a retry waiting out its backoff), else timestamp.
  local ts = f[4]
  if ARGV[6] == 'delayed' and f[5] then ts = f[5] end
  if (ts and tonumber(ts) > cutoff) or isSchedulerJob(KEYS[3], id, f[3]) then
    -- kept
  elseif f[1] or f[2] or f[3] then
    handOff[#handOff + 1] = id
  else
    redis.call('UNLINK', key, key .. ':logs', key .. ':dependencies', key .. ':processed', key .. ':failed', key .. ':unsuccessful')
    removed[#removed + 1] = id
  end
end
if #removed > 0 then
  redis.call('ZREM', KEYS[1], unpack(removed))
  redis.call('XADD', KEYS[2], '*', 'event', 'cleaned', 'count', #removed)
end
local ended = (looked == #ids and #ids < tonumber(ARGV[3])) and 1 or 0
return { #removed, handOff, looked, ended }
`;

type CleanRedis = ReturnType<typeof consoleRedis> & {
  syCleanSorted(set: string, events: string, schedulers: string, prefix: string, start: number, look: number, maxTimestamp: number, limit: number, state: string): Promise<[number, string[], number, number]>;
};

const CLEAN_SORTED_COMMANDS = { syCleanSorted: { numberOfKeys: 3, lua: CLEAN_SORTED_LUA } };

const redis = () => withCommands<CleanRedis>(consoleRedis(), CLEAN_SORTED_COMMANDS);

export interface SortedChunk {
  /** Jobs that are gone (not the ones BullMQ refused). */
  removed: number;
  /** Rank the next walk starts at: past everything looked at and kept. */
  next: number;
  /** The walk reached the set's end: nothing this clean can remove is left behind `start`. */
  exhausted: boolean;
}

/** Removes up to `limit` jobs of `state` added (delayed: last run) at or before `maxTimestamp`, from rank `start` on. */
export async function cleanSortedChunk(queue: Queue, state: "delayed" | "prioritized", start: number, limit: number, maxTimestamp: number): Promise<SortedChunk> {
  const [inScript, handOff, looked, ended] = await redis().syCleanSorted(
    queue.toKey(state), queue.toKey("events"), queue.toKey("repeat"), queue.toKey(""), start, limit * LOOK_FACTOR, maxTimestamp, limit, state,
  );
  let removed = inScript;
  for (const id of handOff) if (await removeThroughBullmq(queue, id)) removed++;
  return { removed, next: start + looked - removed, exhausted: ended === 1 };
}
