// Not a script: the Lua function that records one job's outcome, shared by
// record-outcome-4 (one job) and record-many-4 (a busy worker's successes, when they
// are not the plain case). Prepend to a script's text (it includes finish-batch).
//
// recordJob moves one job from pending to its outcome exactly once (a re-run of the same
// job finds it already recorded) and, in the same step, decides which callbacks fire:
// catch on the first failure, then/finally when nothing is pending. Each callback is
// claimed by the job id that triggered it (HSETNX), so exactly one worker runs it; a
// re-run of that job after a crash finds its claim without a done mark, takes over its
// lease and runs it (if the sweeper has not re-claimed it first).
// A failure in a batch without allowFailures cancels it.
// Returns { status, previous state, pending jobs, cancelled 0|1, due callback, … } with
// status recorded | already | unknown | missing (pending is -1 when not known).
import { finishBatchLua } from "./finish-batch";
import { jobStateLua } from "./job-state";

export const recordJobLua = finishBatchLua + jobStateLua + `
local function recordJob(batch, jobs, failed, leases, jobId, outcome, now, err, ttl, leaseMs)
  local state = jobState(batch, jobs, jobId)
  -- The hot path (a pending job succeeded, others still pending): a few calls, nothing to decide.
  if state == 'p' and outcome == 'ok' then
    local pending = redis.call('HINCRBY', batch, 'pendingJobs', -1)
    if pending > 0 then
      redis.call('HSET', jobs, jobId, 'ok')
      redis.call('HINCRBY', batch, 'version', 1)
      return {'recorded', 'p', pending, redis.call('HEXISTS', batch, 'cancelledAt')}
    end
    redis.call('HINCRBY', batch, 'pendingJobs', 1) -- the last job: take the general path below
  end
  if redis.call('EXISTS', batch) == 0 then return {'missing', '', -1, 0} end
  local status = 'already'
  if not state then
    status = 'unknown'
  elseif state == 'p' then
    status = 'recorded'
    redis.call('HSET', jobs, jobId, outcome)
    local pending = redis.call('HINCRBY', batch, 'pendingJobs', -1)
    if outcome == 'f' then
      redis.call('HINCRBY', batch, 'failedJobs', 1)
      redis.call('ZADD', failed, now, jobId)
      redis.call('HSETNX', batch, 'firstError', cjson.encode({jobId = jobId, message = err, at = tonumber(now)}))
      if redis.call('HEXISTS', batch, 'catch') == 1 then redis.call('HSETNX', batch, 'cb:catch', jobId) end
      if redis.call('HGET', batch, 'allowFailures') ~= '1' then redis.call('HSETNX', batch, 'cancelledAt', now) end
    elseif outcome == 'c' then
      redis.call('HINCRBY', batch, 'cancelledJobs', 1)
    end
    if pending <= 0 then finishBatch(batch, jobs, failed, jobId, now, ttl) end
    redis.call('HINCRBY', batch, 'version', 1)
  elseif state == 'f' and outcome == 'ok' then
    -- A failed job retried outside the batch (BullMQ's retry) and now succeeded: no longer failed.
    status = 'recorded'
    redis.call('HSET', jobs, jobId, 'ok')
    redis.call('HINCRBY', batch, 'failedJobs', -1)
    redis.call('ZREM', failed, jobId)
    redis.call('HINCRBY', batch, 'version', 1)
  end
  local result = {status, state or '', tonumber(redis.call('HGET', batch, 'pendingJobs') or '-1'), redis.call('HEXISTS', batch, 'cancelledAt')}
  return dueCallbacks(batch, jobId, result, leases, tonumber(now) + tonumber(leaseMs))
end
`;
