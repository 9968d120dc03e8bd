// KEYS[1] batch hash, KEYS[2] callback leases. ARGV[1] kind, ARGV[2] claimer, ARGV[3] new deadline ms.
// The claimer, still running the callback, extends its lease. Returns 1, or 0 when the
// claim is no longer its own (the sweeper re-claimed it after the lease ran out) or done.
export const renewCallbackLua = `
local kind = ARGV[1]
if redis.call('HGET', KEYS[1], 'cb:' .. kind) ~= ARGV[2] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'cb:' .. kind .. ':done') == 1 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1] .. '|' .. kind)
return 1
`;
