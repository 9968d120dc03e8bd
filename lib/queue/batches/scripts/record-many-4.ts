// KEYS as record-outcome-4. ARGV[1] now ms, ARGV[2] seconds to keep the keys once the
// batch finished, ARGV[3] callback lease ms, ARGV[4…] ids of jobs of ONE batch that all
// succeeded (each once).
// The busy worker's shortcut: many successes in one call. The plain case — every job
// pending, and the batch does not finish with them — is a few calls for all of them.
// Otherwise (the batch finishes with these, a re-run among them, a missing batch) each
// job is recorded exactly as record-outcome-4 records it, in the same call: the caller
// never has to send a second command, so once this one is on the wire the outcomes are
// as good as recorded (see record-batcher.ts).
// Returns { 0, pending jobs after, cancelled 0|1 } for the plain case, or
// { 1, n, <n fields of job 1's record-job reply>, n, <job 2's>, … }.
import { recordJobLua } from "./record-job";

export const recordManyLua = recordJobLua + `
local n = #ARGV - 3
local pending = tonumber(redis.call('HGET', KEYS[1], 'pendingJobs') or '-1')
if pending > n then
  local states = redis.call('HMGET', KEYS[2], unpack(ARGV, 4))
  local gp, seq = unpack(redis.call('HMGET', KEYS[1], 'gp', 'seq'))
  local plain = true
  for i = 1, n do
    if generatedState(gp, seq, ARGV[i + 3], states[i] or nil) ~= 'p' then plain = false break end
  end
  if plain then
    for i = 4, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], 'ok') end
    pending = redis.call('HINCRBY', KEYS[1], 'pendingJobs', -n)
    redis.call('HINCRBY', KEYS[1], 'version', 1)
    return {0, pending, redis.call('HEXISTS', KEYS[1], 'cancelledAt')}
  end
end
local out = {1}
for i = 4, #ARGV do
  local r = recordJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[i], 'ok', ARGV[1], '', ARGV[2], ARGV[3])
  table.insert(out, #r)
  for _, v in ipairs(r) do table.insert(out, v) end
end
return out
`;
