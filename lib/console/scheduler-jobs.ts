// A job scheduler's next run (BullMQ upsertJobScheduler: the job `repeat:<id>:<millis>`)
// cannot be removed on its own: BullMQ's removeJob refuses it (-8) and its clean skips
// it, since the scheduler would lose its next run. The console's cleans keep it too and
// leave it out of "affects N jobs".
import type { Queue } from "bullmq";
import { withCommands } from "../redis/define-commands";
import { consoleRedis } from "./redis";

/** Lua: BullMQ's isJobSchedulerJob, given the job's `rjk` field (nil when it has none). */
export const IS_SCHEDULER_JOB_LUA = `
local function isSchedulerJob(repeatKey, id, rjk)
  if not rjk then return false end
  local millis = redis.call('ZSCORE', repeatKey, rjk)
  return millis ~= false and id == 'repeat:' .. rjk .. ':' .. millis
end
`;

/**
 * KEYS: repeat, state key, active, delayed, prioritized, waiting-children. ARGV: job key prefix,
 * "list" or "zset". → how many schedulers' next runs are in that state. For the wait list (no
 * O(1) membership test) a next run that exists, is unfinished and in no other state is waiting.
 */
const SCHEDULER_JOBS_IN_LUA = `
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local n = 0
for i = 1, #entries, 2 do
  local id = 'repeat:' .. entries[i] .. ':' .. entries[i + 1]
  local inState
  if ARGV[2] == 'zset' then
    inState = redis.call('ZSCORE', KEYS[2], id) ~= false
  else
    local f = redis.call('HMGET', ARGV[1] .. id, 'timestamp', 'finishedOn')
    inState = f[1] and not f[2] and not redis.call('ZSCORE', KEYS[4], id) and not redis.call('ZSCORE', KEYS[5], id)
      and not redis.call('ZSCORE', KEYS[6], id) and not redis.call('LPOS', KEYS[3], id)
  end
  if inState then n = n + 1 end
end
return n
`;

type SchedulerRedis = ReturnType<typeof consoleRedis> & {
  sySchedulerJobsIn(...keysThenArgs: string[]): Promise<number>;
};

const SCHEDULER_COMMANDS = { sySchedulerJobsIn: { numberOfKeys: 6, lua: SCHEDULER_JOBS_IN_LUA } };

const redis = () => withCommands<SchedulerRedis>(consoleRedis(), SCHEDULER_COMMANDS);

/** Job schedulers' next runs sitting in `stateKey` (wait, delayed or prioritized): one per scheduler at most. */
export function schedulerJobsIn(queue: Queue, stateKey: "wait" | "delayed" | "prioritized"): Promise<number> {
  const keys = [queue.toKey("repeat"), queue.toKey(stateKey), queue.toKey("active"), queue.toKey("delayed"), queue.toKey("prioritized"), queue.toKey("waiting-children")];
  return redis().sySchedulerJobsIn(...keys, queue.toKey(""), stateKey === "wait" ? "list" : "zset");
}
