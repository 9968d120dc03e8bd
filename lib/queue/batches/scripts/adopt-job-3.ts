// KEYS[1] batch hash, KEYS[2] job states, KEYS[3] failed job ids.
// ARGV[1] the failed job's id, ARGV[2] the id of the job that re-runs it.
// A failed batch job retried from the failed-job archive comes back under a new id:
// the batch counts the new id as pending in place of the old, failed one
// (failedJobs −1, pendingJobs +1). Idempotent: a new id already known is left alone.
// Returns 1 when the new id belongs to the batch now, 0 when it cannot (not failed, cancelled, missing).
export const adoptJobLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 1 end
if redis.call('HEXISTS', KEYS[1], 'cancelledAt') == 1 then return 0 end
if redis.call('HGET', KEYS[2], ARGV[1]) ~= 'f' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], 'r:' .. ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], 'p')
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'failedJobs', -1)
redis.call('HINCRBY', KEYS[1], 'pendingJobs', 1)
redis.call('HDEL', KEYS[1], 'finishedAt')
redis.call('PERSIST', KEYS[1])
redis.call('PERSIST', KEYS[2])
redis.call('PERSIST', KEYS[3])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;
