// Lua for the console's job lists. Each call touches a bounded number of jobs
// (a page, or one search slice of ≤ 1,000), so Redis is never busy for long, and
// only the first characters of big fields leave Redis (a 5 MB payload costs
// its preview, not 5 MB on the wire).

/**
 * KEYS[1] jobKeyPrefix; ARGV: previewChars, reasonChars, ids… → one row per id (nil fields for a vanished job).
 * The prefix is declared as the key although it names no key itself: it carries the queue's hash
 * tag, so on a cluster the script is routed to the node that owns every job key it builds from it.
 */
export const JOB_ROWS_LUA = `
local prefix = KEYS[1]
local previewChars = tonumber(ARGV[1])
local reasonChars = tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local key = prefix .. id
  local f = redis.call('HMGET', key, 'name', 'timestamp', 'processedOn', 'finishedOn', 'delay', 'priority', 'atm', 'failedReason', 'attemptsMade')
  local data = redis.call('HGET', key, 'data')
  local preview = false
  local bytes = '0'
  if data then
    preview = string.sub(data, 1, previewChars)
    bytes = tostring(string.len(data))
  end
  local reason = f[8]
  if reason then reason = string.sub(reason, 1, reasonChars) end
  out[#out + 1] = { id, f[1] or false, f[2] or false, f[3] or false, f[4] or false, f[5] or false, f[6] or false,
    f[7] or f[9] or false, reason or false, preview, bytes }
end
return out
`;

/**
 * KEYS[1] state key. ARGV: jobKeyPrefix, kind (list | zset-asc | zset-desc), start, count, field, needle (lower case), maxMatches.
 * Looks at ids [start, start+count) of the state and returns { scanned, idsInSlice, matches }.
 */
export const SEARCH_JOBS_LUA = `
local prefix = ARGV[1]
local kind = ARGV[2]
local start = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local field = ARGV[5]
local needle = ARGV[6]
local maxMatches = tonumber(ARGV[7])
local ids
if kind == 'list' then
  ids = redis.call('LRANGE', KEYS[1], start, start + count - 1)
elseif kind == 'zset-asc' then
  ids = redis.call('ZRANGE', KEYS[1], start, start + count - 1)
else
  ids = redis.call('ZREVRANGE', KEYS[1], start, start + count - 1)
end
local matches = {}
local scanned = 0
for i, id in ipairs(ids) do
  scanned = i
  local value = redis.call('HGET', prefix .. id, field)
  if value and string.find(string.lower(value), needle, 1, true) then
    matches[#matches + 1] = id
    if #matches >= maxMatches then break end
  end
end
return { scanned, #ids, matches }
`;
