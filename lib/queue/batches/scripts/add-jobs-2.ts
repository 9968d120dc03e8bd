// KEYS[1] batch hash, KEYS[2] job states (jobId → p|ok|f|c).
// ARGV[1] the queues these jobs go to, comma-separated (kept as q:<name> fields so a
// retry knows where to find the jobs); ARGV[2…] job ids.
// Registers jobs as pending BEFORE they are enqueued, so a fast worker can never
// finish the batch between two adds of one call. A job id already known is not
// counted twice (adds are idempotent per job id).
// Returns { number of new jobs } when all or none of the ids are new, { n, new id, … }
// when only some are (so the caller knows exactly which ids it may take back if the
// add cannot complete: never one an earlier add pushed); { -1 } missing batch,
// { -2 } cancelled, { -3 } finished.
export const addJobsLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if redis.call('HEXISTS', KEYS[1], 'cancelledAt') == 1 then return {-2} end
if redis.call('HEXISTS', KEYS[1], 'finishedAt') == 1 then return {-3} end
for queue in string.gmatch(ARGV[1], '[^,]+') do redis.call('HSET', KEYS[1], 'q:' .. queue, 1) end
-- One HMGET and one HSET per 1,000 ids instead of an HSETNX per id: each redis.call has a
-- fixed cost of its own. \`seen\` keeps an id given twice in one call counted once, as
-- HSETNX did.
local fresh, seen = {}, {}
for from = 2, #ARGV, 1000 do
  local to = math.min(from + 999, #ARGV)
  local states = redis.call('HMGET', KEYS[2], unpack(ARGV, from, to))
  local fields = {}
  for i = from, to do
    local id = ARGV[i]
    if not states[i - from + 1] and not seen[id] then
      seen[id] = true
      fresh[#fresh + 1] = id
      fields[#fields + 1] = id
      fields[#fields + 1] = 'p'
    end
  end
  if #fields > 0 then redis.call('HSET', KEYS[2], unpack(fields)) end
end
local added = #fresh
if added > 0 then
  redis.call('HINCRBY', KEYS[1], 'totalJobs', added)
  redis.call('HINCRBY', KEYS[1], 'pendingJobs', added)
  redis.call('HINCRBY', KEYS[1], 'version', 1)
end
if added == 0 or added == #ARGV - 1 then return {added} end
table.insert(fresh, 1, added)
return fresh
`;
