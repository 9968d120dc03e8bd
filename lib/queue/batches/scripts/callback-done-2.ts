// KEYS[1] batch hash, KEYS[2] callback leases. ARGV[1] kind, ARGV[2…] fields to set
// (cb:<kind>:done, and cb:<kind>:error when it threw).
// Marks a callback done and drops its lease in one step, so the sweeper never re-runs a
// callback that finished. Only touches an existing batch: an HSET on a key that expired
// meanwhile would recreate a stub hash.
export const callbackDoneLua = `
redis.call('ZREM', KEYS[2], KEYS[1] .. '|' .. ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;
