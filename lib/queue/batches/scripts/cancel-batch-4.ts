// KEYS[1] batch hash, KEYS[2] job states, KEYS[3] failed job ids, KEYS[4] callback leases.
// ARGV[1] now ms, ARGV[2] seconds to keep the keys once the batch finished,
// ARGV[3] claimer (unique per cancel), ARGV[4] callback lease ms.
// Marks the batch cancelled; its jobs skip their work when they reach a worker.
// A cancelled batch with nothing pending is finished here, in the same step: no job
// will ever come to finish it (the seed's empty batch before its add loop, or one whose
// adds were all taken back), and it takes no new jobs. Like the last job's record
// (finish-batch): finishedAt, finally claimed for the claimer, never then. A batch
// cancelled but left open by an older version is finished by the next cancel.
// Returns { 1 cancelled now | 0 already cancelled, due callback, … }; { -1 } missing,
// { -3 } already finished (and not cancelled).
import { finishBatchLua } from "./finish-batch";

export const cancelBatchLua = finishBatchLua + `
local batch, jobs, failed = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', batch) == 0 then return {-1} end
local changed = 0
if redis.call('HEXISTS', batch, 'cancelledAt') == 0 then
  if redis.call('HEXISTS', batch, 'finishedAt') == 1 then return {-3} end
  redis.call('HSET', batch, 'cancelledAt', ARGV[1])
  changed = 1
end
local finishing = redis.call('HEXISTS', batch, 'finishedAt') == 0 and tonumber(redis.call('HGET', batch, 'pendingJobs') or '0') <= 0
if finishing then finishBatch(batch, jobs, failed, ARGV[3], ARGV[1], ARGV[2]) end
if changed == 1 or finishing then redis.call('HINCRBY', batch, 'version', 1) end
return dueCallbacks(batch, ARGV[3], {changed}, KEYS[4], tonumber(ARGV[1]) + tonumber(ARGV[4]))
`;
