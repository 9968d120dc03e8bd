// Counts per state of every queue, plus its paused flag, in ONE script call.
//
// BullMQ's Queue#getJobCounts is one EVALSHA per queue (plus the Queue's own
// client promise and key bookkeeping); the overview asked it once per queue and
// then sent a pipeline of HEXISTS for the paused flags. This script reads the
// same keys with the same commands as BullMQ 6's getCounts-1.lua, for all queues
// at once: one round trip and one reply to decode, whatever the number of queues.
//
// Exactly getJobCounts' semantics, state by state:
//   waiting           LLEN <q>:wait   (BullMQ 6 pauses with a flag and leaves jobs in `wait`;
//                                       a deprecated v5 marker "0:…" at the tail is not a job)
//   active            LLEN <q>:active
//   prioritized, delayed, completed, failed, waiting-children   ZCARD of the set of that name
// getCounts also RPOPs such a stale marker; the console stays read-only and
// only leaves it out of the count (BullMQ removes it on its own next call).
import { type StateCounts } from "./types";

/** The states the script counts, in reply order (BullMQ's names; "waiting" is the `wait` list). */
export const COUNTED_STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed", "waiting-children"] as const;

/** Numbers per queue in the reply: one per counted state, then the paused flag (0/1). */
const PER_QUEUE = COUNTED_STATES.length + 1;

/**
 * KEYS: each queue's key prefix (`<prefix>:<queue>:`, BullMQ's `queue.keys[""]`) → PER_QUEUE integers per queue.
 * The prefixes name no key themselves; they are declared so a cluster routes the call by their (shared,
 * hash-tagged) slot, as BullMQ declares its own prefix for getCounts.
 */
export const QUEUE_COUNTS_LUA = `
local rcall = redis.call
local out = {}
for i = 1, #KEYS do
  local p = KEYS[i]
  local wait = rcall('LLEN', p .. 'wait')
  if wait > 0 then
    local last = rcall('LINDEX', p .. 'wait', -1)
    if string.sub(last, 1, 2) == '0:' then wait = wait - 1 end
  end
  out[#out + 1] = wait
  out[#out + 1] = rcall('ZCARD', p .. 'prioritized')
  out[#out + 1] = rcall('LLEN', p .. 'active')
  out[#out + 1] = rcall('ZCARD', p .. 'delayed')
  out[#out + 1] = rcall('ZCARD', p .. 'completed')
  out[#out + 1] = rcall('ZCARD', p .. 'failed')
  out[#out + 1] = rcall('ZCARD', p .. 'waiting-children')
  out[#out + 1] = rcall('HEXISTS', p .. 'meta', 'paused')
end
return out
`;

export interface QueueCounts {
  counts: Record<string, StateCounts>;
  paused: Record<string, boolean>;
}

/**
 * Pure: the script's flat reply → counts and paused flag per queue name. "paused" is the waiting
 * count of a paused queue (the same jobs, not extra ones) and 0 otherwise.
 */
export function parseQueueCounts(names: readonly string[], reply: readonly (number | string)[]): QueueCounts {
  if (reply.length !== names.length * PER_QUEUE) throw new Error(`queue counts: expected ${names.length * PER_QUEUE} numbers, got ${reply.length}`);
  const result: QueueCounts = { counts: {}, paused: {} };
  names.forEach((name, q) => {
    const at = (i: number) => Number(reply[q * PER_QUEUE + i]);
    const paused = (result.paused[name] = at(COUNTED_STATES.length) === 1);
    const waiting = at(0);
    result.counts[name] = {
      waiting,
      prioritized: at(1),
      active: at(2),
      delayed: at(3),
      completed: at(4),
      failed: at(5),
      "waiting-children": at(6),
      paused: paused ? waiting : 0,
    };
  });
  return result;
}
