// KEYS[1] batch hash. ARGV: field, value, field, value, …
// Creates the batch hash once; a second create with the same id changes nothing
// (so a job that creates its batch with a fixed id can be re-run safely).
// Returns 1 when created, 0 when the batch already existed.
export const createBatchLua = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('HSET', KEYS[1], 'totalJobs', 0, 'pendingJobs', 0, 'failedJobs', 0, 'cancelledJobs', 0, 'version', 1)
return 1
`;
