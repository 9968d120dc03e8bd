// KEYS[1] batch hash, KEYS[2] job states (jobId → p|ok|f|c|x).
// ARGV[1] the queues these jobs go to, comma-separated (kept as q:<name> fields so a
// retry knows where to find the jobs); ARGV[2] the batch's generated-id prefix
// (`<batchId>_`); ARGV[3] how many jobs without a key this add brings; ARGV[4…] the ids
// of the jobs with a key.
// Registers jobs as pending BEFORE they are enqueued, so a fast worker can never
// finish the batch between two adds of one call. Jobs without a key are registered as a
// range: the next ARGV[3] numbers of the batch's `seq` (their ids `<batchId>_<n>`, see
// job-state). A keyed id already known is not counted twice (adds are idempotent per key).
// Returns { keyed ids new, first n } when all or none of the keyed ids are new,
// { keyed ids new, first n, new id, … } when only some are (so the caller knows exactly
// which ids it may take back if the add cannot complete: never one an earlier add
// pushed); { -1 } missing batch, { -2 } cancelled, { -3 } finished.
export const addJobsLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if redis.call('HEXISTS', KEYS[1], 'cancelledAt') == 1 then return {-2} end
if redis.call('HEXISTS', KEYS[1], 'finishedAt') == 1 then return {-3} end
for queue in string.gmatch(ARGV[1], '[^,]+') do redis.call('HSET', KEYS[1], 'q:' .. queue, 1) end
local generated = tonumber(ARGV[3])
local first = 0
if generated > 0 then
  redis.call('HSETNX', KEYS[1], 'gp', ARGV[2])
  first = redis.call('HINCRBY', KEYS[1], 'seq', generated) - generated
end
-- One HMGET and one HSET per 1,000 ids instead of an HSETNX per id: each redis.call has a
-- fixed cost of its own. \`seen\` keeps an id given twice in one call counted once, as
-- HSETNX did.
local fresh, seen = {}, {}
for from = 4, #ARGV, 1000 do
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
local keyed = #fresh
local added = keyed + generated
if added > 0 then
  redis.call('HINCRBY', KEYS[1], 'totalJobs', added)
  redis.call('HINCRBY', KEYS[1], 'pendingJobs', added)
  redis.call('HINCRBY', KEYS[1], 'version', 1)
end
if keyed == 0 or keyed == #ARGV - 3 then return {keyed, first} end
table.insert(fresh, 1, first)
table.insert(fresh, 1, keyed)
return fresh
`;
