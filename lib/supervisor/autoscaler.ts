// One balancing step of a supervisor, ported from Laravel Horizon's AutoScaler
// (src/AutoScaler.php) decision for decision, as a pure function of its inputs.
//
// Horizon's order matters and is kept: every pool gets a target first
// (`numberOfWorkersPerQueue`), the targets are sorted ascending so pools that
// shrink release capacity before pools that grow take it (`->sort()`), then each
// pool moves toward its target by at most `balanceMaxShift`, never past
// `maxProcesses` in total nor below `minProcesses` (`scalePool`). The arithmetic
// is written in Horizon's order of operations so float results match to the bit.

export type Balance = "auto" | "simple" | false;
export type AutoScalingStrategy = "time" | "size";

export interface ScaleOptions {
  balance: Balance;
  autoScalingStrategy: AutoScalingStrategy;
  minProcesses: number;
  maxProcesses: number;
  balanceMaxShift: number;
}

export interface PoolLoad {
  /** The pool's key: its queue, or the comma-joined queues of a `balance: false` pool. */
  queue: string;
  /** Processes of the pool now, including ones still finishing their last job (Horizon's totalProcessCount). */
  current: number;
  /** Jobs ready to run now (not delayed, not active). */
  readyNow: number;
  /** Average runtime of the pool's jobs in ms; 0 while nothing was measured. */
  runtimeMs: number;
}

export interface ScaleDecision {
  queue: string;
  from: number;
  to: number;
  /** The unrounded process count the pool aims for. */
  target: number;
  /** Why the pool has this target and why it moved (or not) — logged by the runtime. */
  reason: string;
}

/** Horizon's SupervisorOptions::autoScaling(): everything but `simple` scales. */
const autoScaling = (o: ScaleOptions) => o.balance !== "simple";
/** Horizon's SupervisorOptions::balancing(): one pool per queue. */
const balancing = (o: ScaleOptions) => o.balance === "simple" || o.balance === "auto";

interface Target {
  queue: string;
  workers: number;
  why: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** numberOfWorkersPerQueue: the unrounded process count each pool should have. */
function targets(options: ScaleOptions, pools: PoolLoad[]): Target[] {
  const loads = pools.map((p) => ({ queue: p.queue, size: p.readyNow, time: p.readyNow * p.runtimeMs }));
  const timeToClearAll = loads.reduce((sum, l) => sum + l.time, 0);
  const totalJobs = loads.reduce((sum, l) => sum + l.size, 0);
  const { maxProcesses, minProcesses } = options;
  return loads.map(({ queue, size, time }): Target => {
    if (timeToClearAll > 0 && autoScaling(options)) {
      if (options.autoScalingStrategy === "size") {
        return { queue, workers: (size / totalJobs) * maxProcesses, why: `${size} of ${totalJobs} ready jobs` };
      }
      return {
        queue,
        workers: (time / timeToClearAll) * maxProcesses,
        why: `time to clear ${round1(time / 1000)}s of ${round1(timeToClearAll / 1000)}s`,
      };
    }
    if (timeToClearAll === 0 && autoScaling(options)) {
      if (!balancing(options)) {
        return { queue, workers: Math.min(maxProcesses, Math.max(minProcesses, size)), why: `${size} ready, no runtime measured` };
      }
      return size
        ? { queue, workers: maxProcesses, why: `${size} ready but no runtime measured yet` }
        : { queue, workers: minProcesses, why: "queue empty" };
    }
    return { queue, workers: maxProcesses / pools.length, why: "simple: even split" };
  });
}

/** Stable ascending sort by target, like PHP 8's asort behind Collection::sort(). */
function ascending(list: Target[]): Target[] {
  return list.map((t, i) => ({ t, i })).sort((a, b) => a.t.workers - b.t.workers || a.i - b.i).map(({ t }) => t);
}

/** scalePool: move one pool toward its target within the supervisor's limits. */
function scalePool(options: ScaleOptions, poolCount: number, counts: Map<string, number>, t: Target): ScaleDecision {
  const current = counts.get(t.queue) ?? 0;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const desired = Math.ceil(t.workers);
  const { maxProcesses, minProcesses, balanceMaxShift } = options;
  let to = current;
  let limit = "";
  if (desired > current) {
    const maxUpShift = Math.min(Math.max(0, maxProcesses - total), balanceMaxShift);
    const ceiling = Math.max(minProcesses, maxProcesses - (poolCount - 1) * minProcesses);
    to = Math.min(current + maxUpShift, ceiling, desired);
    if (to < desired) limit = maxUpShift === 0 ? ` (held: ${total} of maxProcesses ${maxProcesses} in use)` : to === ceiling ? ` (capped at ${ceiling} to leave minProcesses for the other pools)` : ` (balanceMaxShift ${balanceMaxShift})`;
  } else if (desired < current) {
    const maxDownShift = Math.min(total - minProcesses, balanceMaxShift);
    to = Math.max(current - maxDownShift, minProcesses, desired);
    if (to > desired) limit = to === minProcesses ? ` (floor minProcesses ${minProcesses})` : ` (balanceMaxShift ${balanceMaxShift})`;
  }
  to = Math.max(0, Math.trunc(to));
  const move = to === current ? "stays" : to > current ? `+${to - current}` : `-${current - to}`;
  return { queue: t.queue, from: current, to, target: t.workers, reason: `${t.why} → target ${round1(t.workers)}; ${current} ${move}${limit}` };
}

/** The decisions of one balancing step, in the order Horizon applies them. */
export function planScaleStep(options: ScaleOptions, pools: PoolLoad[]): ScaleDecision[] {
  const counts = new Map(pools.map((p) => [p.queue, p.current]));
  return ascending(targets(options, pools)).map((t) => {
    const decision = scalePool(options, pools.length, counts, t);
    counts.set(t.queue, decision.to);
    return decision;
  });
}

/** The process count of each pool after one balancing step. */
export function scaleStep(options: ScaleOptions, pools: PoolLoad[]): Record<string, number> {
  return Object.fromEntries(planScaleStep(options, pools).map((d) => [d.queue, d.to]));
}
