// KEYS[1] batch hash, KEYS[2] job states. ARGV[1] jobId.
// One round trip before a batch job runs: its recorded state and whether the
// batch was cancelled. Returns { state or '', cancelled 0|1 } or { '!missing' }.
import { jobStateLua } from "./job-state";

export const beginJobLua = jobStateLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'!missing', 0} end
local state = jobState(KEYS[1], KEYS[2], ARGV[1]) or ''
return {state, redis.call('HEXISTS', KEYS[1], 'cancelledAt')}
`;
