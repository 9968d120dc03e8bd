// KEYS[1] batch hash. ARGV[1] now ms.
// Marks the batch cancelled; its jobs skip their work when they reach a worker.
// Returns 1 cancelled now, 0 already cancelled, -1 missing, -3 already finished.
export const cancelBatchLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[1], 'cancelledAt') == 1 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'finishedAt') == 1 then return -3 end
redis.call('HSET', KEYS[1], 'cancelledAt', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;
