// Horizon's WaitTimeCalculator as pure functions: how long a job dispatched
// now waits before a process picks it up, per `connection:queue`.
//
//   wait (s) = round(readyNow × average runtime (ms) ÷ processes ÷ 1000)
//
// A pool working several queues in order (`balance: false`) is keyed by the
// comma-joined queues, and its time to clear is the sum over them (Horizon's
// calculateTimeToClear). With no process at all the whole time to clear counts.

export interface QueueLoad {
  /** `connection:queue`, or `connection:a,b` for a pool that works a and b in order. */
  name: string;
  /** Ready jobs and measured average runtime (ms) of each queue in `name`. */
  queues: { readyNow: number; runtimeMs: number }[];
  /** Processes working it, summed over every supervisor and host (Horizon's totalProcessesFor). */
  processes: number;
}

/** Seconds to clear `timeToClearMs` of work over `processes` processes (Horizon rounds to whole seconds). */
export function secondsToClear(timeToClearMs: number, processes: number): number {
  return processes === 0 ? Math.round(timeToClearMs / 1000) : Math.round(timeToClearMs / processes / 1000);
}

/** Wait time of each queue in seconds, longest first (Horizon's `->sort()->reverse()`). */
export function calculateWaitTimes(loads: QueueLoad[]): { name: string; seconds: number }[] {
  return loads
    .map((l) => ({
      name: l.name,
      seconds: secondsToClear(l.queues.reduce((sum, q) => sum + q.readyNow * q.runtimeMs, 0), l.processes),
    }))
    .sort((a, b) => b.seconds - a.seconds);
}

/**
 * The queues whose wait exceeds their threshold (Horizon's MonitorWaitTimes):
 * `waits['connection:queue']`, 60 s when the queue is not listed, and a
 * threshold of 0 switches the alert off for that queue.
 */
export function longWaits(
  waitTimes: { name: string; seconds: number }[],
  thresholds: Record<string, number>,
  defaultThreshold = 60,
): { connection: string; queue: string; seconds: number; threshold: number }[] {
  return waitTimes.flatMap(({ name, seconds }) => {
    const threshold = thresholds[name] ?? defaultThreshold;
    if (threshold === 0 || seconds <= threshold) return [];
    const at = name.indexOf(":");
    return [{ connection: name.slice(0, at), queue: name.slice(at + 1), seconds, threshold }];
  });
}
