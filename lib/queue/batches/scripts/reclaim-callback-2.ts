// KEYS[1] batch hash, KEYS[2] callback leases. ARGV[1] kind, ARGV[2] new claimer,
// ARGV[3] now ms, ARGV[4] new deadline ms.
// The sweeper takes over a claimed callback whose lease ran out (its claimer died between
// claiming and finishing it). Checked and changed in one step, so of several sweepers,
// or a sweeper and a re-run of the claiming job, exactly one gets it.
// Returns 1 when `new claimer` now holds it; 0 when the lease is still running (renewed
// meanwhile); -1 when there is nothing to run any more (done, or the batch is gone) —
// the lease is dropped then.
export const reclaimCallbackLua = `
local kind = ARGV[1]
local member = KEYS[1] .. '|' .. kind
local deadline = redis.call('ZSCORE', KEYS[2], member)
if not deadline then return -1 end
if tonumber(deadline) > tonumber(ARGV[3]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'cb:' .. kind) == 0
  or redis.call('HEXISTS', KEYS[1], 'cb:' .. kind .. ':done') == 1 then
  redis.call('ZREM', KEYS[2], member)
  return -1
end
redis.call('HSET', KEYS[1], 'cb:' .. kind, ARGV[2])
redis.call('HINCRBY', KEYS[1], 'cb:' .. kind .. ':reclaims', 1)
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZADD', KEYS[2], ARGV[4], member)
return 1
`;
