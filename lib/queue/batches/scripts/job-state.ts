// Not a script: the Lua function that reads one job's state in its batch. Prepend to a
// script's text.
//
// A job added with a key is registered by its id (add-jobs-2: state p). A job added without
// one gets `<batchId>_<n>`, and an add registers only the range of n it takes (the batch's
// `seq` counter; `gp` holds the `<batchId>_` prefix), not each id: such a job with no
// recorded state is pending when its n was handed out. Taking such a job back marks it `x`
// (remove-jobs-4): from then on it reads as unknown, as a taken-back keyed job does.
// jobState(batch, jobs, jobId) → 'p' | 'ok' | 'f' | 'c' | 'r:<id>' | nil (not the batch's).
// generatedState(gp, seq, jobId, state) is its rule for a state already read (HMGET).
export const jobStateLua = `
local function generatedState(gp, seq, jobId, state)
  if state == 'x' then return nil end
  if state or not gp or string.sub(jobId, 1, #gp) ~= gp then return state end
  local n = string.sub(jobId, #gp + 1)
  if string.match(n, '^%d+$') and tonumber(n) < tonumber(seq or '0') then return 'p' end
  return nil
end
local function jobState(batch, jobs, jobId)
  local state = redis.call('HGET', jobs, jobId)
  if state and state ~= 'x' then return state end
  local gp, seq = unpack(redis.call('HMGET', batch, 'gp', 'seq'))
  return generatedState(gp, seq, jobId, state)
end
`;
