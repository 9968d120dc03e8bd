// KEYS[1] batch hash, KEYS[2] job states, KEYS[3] failed job ids, KEYS[4] callback leases.
// ARGV[1] now ms, ARGV[2] seconds to keep the keys once the batch finished,
// ARGV[3] claimer (unique per take-back), ARGV[4] callback lease ms, ARGV[5…] job ids.
// Takes back job ids an add registered as pending but never pushed (the push failed,
// or the batch was cancelled between two registration chunks): they will never run,
// so they leave totalJobs and pendingJobs. Only ids still pending are taken (a job of a
// registered range, job-state, is marked x: it has no state to remove).
// If that leaves nothing pending in a batch that still has jobs, or in a cancelled one,
// the batch finishes here exactly as when its last job is recorded (finish-batch:
// finishedAt, then/finally claimed for the claimer). An emptied batch (no jobs left)
// stays open, like a batch created without jobs — unless it was cancelled: then
// nothing can come to finish it (cancel-batch-4 finishes such a batch the same way).
// Returns { removed, pending jobs after, due callback, … }; { 0, -1 } when the batch is missing.
import { finishBatchLua } from "./finish-batch";
import { jobStateLua } from "./job-state";

export const removeJobsLua = finishBatchLua + jobStateLua + `
local batch, jobs, failed = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', batch) == 0 then return {0, -1} end
local removed = 0
local gp, seq = unpack(redis.call('HMGET', batch, 'gp', 'seq'))
for i = 5, #ARGV do
  local stored = redis.call('HGET', jobs, ARGV[i])
  if stored == 'p' then
    redis.call('HDEL', jobs, ARGV[i])
    removed = removed + 1
  elseif not stored and generatedState(gp, seq, ARGV[i], stored) == 'p' then
    -- A job of a registered range: it must read as unknown from now on (job-state).
    redis.call('HSET', jobs, ARGV[i], 'x')
    removed = removed + 1
  end
end
if removed > 0 then
  local total = redis.call('HINCRBY', batch, 'totalJobs', -removed)
  local pending = redis.call('HINCRBY', batch, 'pendingJobs', -removed)
  if pending <= 0 and (total > 0 or redis.call('HEXISTS', batch, 'cancelledAt') == 1) then finishBatch(batch, jobs, failed, ARGV[3], ARGV[1], ARGV[2]) end
  redis.call('HINCRBY', batch, 'version', 1)
end
local result = {removed, tonumber(redis.call('HGET', batch, 'pendingJobs') or '-1')}
return dueCallbacks(batch, ARGV[3], result, KEYS[4], tonumber(ARGV[1]) + tonumber(ARGV[4]))
`;
