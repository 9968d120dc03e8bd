// Not a script: Lua functions shared by the scripts that can take a batch's pending
// count to 0 (record-outcome-4 when a job is done, remove-jobs-4 when never-pushed ids
// are taken back, cancel-batch-4 when nothing is pending), so all finish a batch the same
// way. Prepend to a script's text.
//
// finishBatch: marks the batch finished and claims then (unless cancelled) and finally
// for `claimer` (HSETNX: a callback is claimed once in the batch's life), then lets its
// keys expire after `ttl` seconds (PostgreSQL keeps the history).
// dueCallbacks: appends to `out` the callbacks `claimer` claimed and has not run yet,
// in the order catch, then, finally, and (re)starts each one's lease in `leases` (zset,
// member "<batch key>|<kind>", score = ms until which the claimer is trusted to be running
// it): the claimer renews it while the callback runs and removes it once done; a lease
// left to expire (the claimer died) is re-claimed by the sweeper (callback-sweeper.ts).
// Called by the claiming step itself and by a re-run of the claiming job, which takes
// the lease over — so at any moment one claimer holds it.
export const finishBatchLua = `
local function finishBatch(batch, jobs, failed, claimer, now, ttl)
  redis.call('HSET', batch, 'finishedAt', now)
  if redis.call('HEXISTS', batch, 'cancelledAt') == 0 and redis.call('HEXISTS', batch, 'then') == 1 then
    redis.call('HSETNX', batch, 'cb:then', claimer)
  end
  if redis.call('HEXISTS', batch, 'finally') == 1 then redis.call('HSETNX', batch, 'cb:finally', claimer) end
  ttl = tonumber(ttl)
  if ttl and ttl > 0 then
    redis.call('EXPIRE', batch, ttl)
    redis.call('EXPIRE', jobs, ttl)
    redis.call('EXPIRE', failed, ttl)
  end
end
local function dueCallbacks(batch, claimer, out, leases, deadline)
  local claims = redis.call('HMGET', batch, 'cb:catch', 'cb:then', 'cb:finally', 'cb:catch:done', 'cb:then:done', 'cb:finally:done')
  local names = {'catch', 'then', 'finally'}
  for i = 1, 3 do
    if claims[i] == claimer and not claims[i + 3] then
      table.insert(out, names[i])
      redis.call('ZADD', leases, deadline, batch .. '|' .. names[i])
    end
  end
  return out
end
`;
