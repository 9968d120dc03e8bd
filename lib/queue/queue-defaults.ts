// The supervisor settings a job inherits when its definition leaves them out:
// Horizon's `tries`/`timeout` are worker defaults under each job's own.
import { config } from "../config";

export interface QueueDefaults {
  tries: number;
  timeoutSec: number;
}

const FALLBACK: QueueDefaults = { tries: 1, timeoutSec: 60 };
const cache = new Map<string, QueueDefaults>();

/** The first supervisor of this environment that consumes `queue`; Horizon's defaults otherwise. */
export function queueDefaults(queue: string): QueueDefaults {
  let found = cache.get(queue);
  if (!found) {
    let supervisors: { queue: string[]; tries: number; timeout: number }[] = [];
    try {
      supervisors = config().supervisors;
    } catch {
      // A broken config fails the workers at start-up with a clear message; dispatch keeps working.
    }
    const s = supervisors.find((sup) => sup.queue.includes(queue));
    found = s ? { tries: s.tries, timeoutSec: s.timeout } : FALLBACK;
    cache.set(queue, found);
  }
  return found;
}
