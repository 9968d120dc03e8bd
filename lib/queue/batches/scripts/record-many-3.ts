// KEYS[1..3] as record-outcome-4. ARGV: jobId, … — jobs of ONE batch that all succeeded.
// The busy worker's shortcut: many successes in one call. It only takes the plain
// case — every job pending, and the batch does not finish with them — and otherwise
// changes nothing and returns { -1 }, so the caller records them one by one
// (record-outcome-4 decides finishing, callbacks and re-runs).
// Returns { pending jobs after, cancelled 0|1 }.
export const recordManyLua = `
local pending = tonumber(redis.call('HGET', KEYS[1], 'pendingJobs') or '-1')
if pending <= #ARGV then return {-1, 0} end
local states = redis.call('HMGET', KEYS[2], unpack(ARGV))
for i = 1, #ARGV do
  if states[i] ~= 'p' then return {-1, 0} end
end
for i = 1, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], 'ok') end
pending = redis.call('HINCRBY', KEYS[1], 'pendingJobs', -#ARGV)
redis.call('HINCRBY', KEYS[1], 'version', 1)
return {pending, redis.call('HEXISTS', KEYS[1], 'cancelledAt')}
`;
