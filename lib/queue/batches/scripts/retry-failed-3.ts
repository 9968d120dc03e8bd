// KEYS[1] batch hash, KEYS[2] job states, KEYS[3] failed job ids.
// ARGV: jobId, … (none = every failed job).
// Moves failed jobs back to pending — failedJobs down, pendingJobs up, off the failed
// list — before they are re-enqueued, and un-finishes the batch (its keys stop
// expiring). Callbacks already fired do not fire again.
// Returns the moved job ids; { '!missing' } or { '!cancelled' } when it cannot retry.
export const retryFailedLua = `
local batch, jobs, failed = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', batch) == 0 then return {'!missing'} end
if redis.call('HEXISTS', batch, 'cancelledAt') == 1 then return {'!cancelled'} end
local ids = ARGV
if #ids == 0 then ids = redis.call('ZRANGE', failed, 0, -1) end
local moved = {}
for _, id in ipairs(ids) do
  if redis.call('HGET', jobs, id) == 'f' then
    redis.call('HSET', jobs, id, 'p')
    redis.call('ZREM', failed, id)
    table.insert(moved, id)
  end
end
if #moved > 0 then
  redis.call('HINCRBY', batch, 'failedJobs', -#moved)
  redis.call('HINCRBY', batch, 'pendingJobs', #moved)
  redis.call('HDEL', batch, 'finishedAt')
  redis.call('PERSIST', batch)
  redis.call('PERSIST', jobs)
  redis.call('PERSIST', failed)
  redis.call('HINCRBY', batch, 'version', 1)
end
return moved
`;
