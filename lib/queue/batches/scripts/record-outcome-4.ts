// KEYS[1] batch hash, KEYS[2] job states, KEYS[3] failed job ids (zset, score = ms),
// KEYS[4] callback leases (zset, all batches; see finish-batch).
// ARGV[1] jobId, ARGV[2] outcome ok|f|c, ARGV[3] now ms, ARGV[4] error message (f),
// ARGV[5] seconds to keep the keys once the batch finished, ARGV[6] callback lease ms.
// Records one job's outcome (record-job: exactly once per job id, deciding callbacks).
// Returns { status, previous state, pending jobs, cancelled 0|1, due callback, … }.
import { recordJobLua } from "./record-job";

export const recordOutcomeLua = recordJobLua + `
return recordJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
`;
