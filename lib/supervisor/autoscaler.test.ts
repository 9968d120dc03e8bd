// Laravel Horizon's AutoScalerTest scenarios as tables: a supervisor, its pools
// (current processes, ready jobs, runtime) and the counts expected after each step.
import { describe, expect, it } from "vitest";
import { planScaleStep, scaleStep, type PoolLoad, type ScaleOptions } from "./autoscaler";

interface Scenario {
  name: string;
  options: Partial<ScaleOptions> & { maxProcesses: number };
  pools: Record<string, { current: number; size: number; runtime: number }>;
  /** Expected counts after step 1, 2, … (a step may be repeated with `null` to skip an assertion). */
  steps: (Record<string, number> | null)[];
}

const base: Omit<ScaleOptions, "maxProcesses"> = {
  balance: "auto", autoScalingStrategy: "time", minProcesses: 1, balanceMaxShift: 1,
};

const scenarios: Scenario[] = [
  {
    name: "gets closer to the proper balance on each iteration, then stays",
    options: { maxProcesses: 20 },
    pools: { first: { current: 10, size: 20, runtime: 10 }, second: { current: 10, size: 10, runtime: 10 } },
    steps: [{ first: 11, second: 9 }, { first: 12, second: 8 }, { first: 13, second: 7 }, { first: 13, second: 7 }],
  },
  {
    name: "balance stays even when the queues are empty (shrinks to the minimum)",
    options: { maxProcesses: 10 },
    pools: { first: { current: 5, size: 0, runtime: 0 }, second: { current: 5, size: 0, runtime: 0 } },
    steps: [{ first: 4, second: 4 }, { first: 3, second: 3 }, { first: 2, second: 2 }, { first: 1, second: 1 }],
  },
  {
    name: "assigns more processes to the busy queue",
    options: { maxProcesses: 10 },
    pools: { first: { current: 1, size: 50, runtime: 50 }, second: { current: 1, size: 0, runtime: 0 } },
    steps: [null, { first: 3, second: 1 }, null, { first: 5, second: 1 }, null, { first: 7, second: 1 }, null, null, { first: 9, second: 1 }],
  },
  {
    name: "a single empty queue gets the minimum",
    options: { maxProcesses: 5 },
    pools: { first: { current: 2, size: 0, runtime: 0 } },
    steps: [{ first: 1 }],
  },
  {
    name: "never scales past maxProcesses under high load",
    options: { maxProcesses: 20 },
    pools: { first: { current: 10, size: 100, runtime: 50 }, second: { current: 10, size: 100, runtime: 50 } },
    steps: [{ first: 10, second: 10 }],
  },
  {
    name: "never scales below minProcesses (min-process floor)",
    options: { maxProcesses: 5, minProcesses: 2 },
    pools: { first: { current: 3, size: 1000, runtime: 50 }, second: { current: 2, size: 1, runtime: 1 } },
    steps: [{ first: 3, second: 2 }, { first: 3, second: 2 }],
  },
  {
    name: "balanceMaxShift 10 with 150 processes",
    options: { maxProcesses: 150, balanceMaxShift: 10 },
    pools: { first: { current: 75, size: 600, runtime: 75 }, second: { current: 75, size: 300, runtime: 75 } },
    steps: [
      { first: 85, second: 65 }, { first: 95, second: 55 }, { first: 100, second: 50 },
      { first: 100, second: 50 }, { first: 100, second: 50 },
    ],
  },
  {
    name: "never goes to zero processes while above maxProcesses",
    options: { maxProcesses: 15, minProcesses: 1 },
    pools: { first: { current: 16, size: 1, runtime: 1 }, second: { current: 1, size: 1, runtime: 1 } },
    steps: [{ first: 15, second: 1 }, { first: 14, second: 1 }],
  },
  {
    name: "size strategy gives more processes to the queue with more jobs",
    options: { maxProcesses: 100, autoScalingStrategy: "size" },
    pools: { first: { current: 50, size: 1000, runtime: 10 }, second: { current: 50, size: 500, runtime: 1000 } },
    steps: [{ first: 51, second: 49 }, { first: 52, second: 48 }],
  },
  {
    name: "a single pool with no runtime (balance false, size strategy)",
    options: { maxProcesses: 10, autoScalingStrategy: "size", balance: false },
    pools: { default: { current: 10, size: 1, runtime: 0 } },
    steps: [{ default: 9 }, { default: 8 }, { default: 7 }],
  },
];

/** Runs the steps like Horizon's test: each step's result becomes the next step's `current`. */
function run(s: Scenario): Record<string, number>[] {
  const options: ScaleOptions = { ...base, ...s.options };
  let pools: PoolLoad[] = Object.entries(s.pools).map(([queue, p]) => ({
    queue, current: p.current, readyNow: p.size, runtimeMs: p.runtime,
  }));
  return s.steps.map(() => {
    const next = scaleStep(options, pools);
    pools = pools.map((p) => ({ ...p, current: next[p.queue] }));
    return next;
  });
}

describe("scaleStep reproduces Horizon's AutoScaler", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const results = run(scenario);
    scenario.steps.forEach((expected, i) => {
      if (expected) expect(results[i], `after step ${i + 1}`).toEqual(expected);
    });
  });
});

describe("scaleStep beyond Horizon's own tests", () => {
  const opts = (o: Partial<ScaleOptions>): ScaleOptions => ({ ...base, maxProcesses: 10, ...o });

  it("a pool with backlog but no runtime data gets capacity while the other holds its floor", () => {
    const pools: PoolLoad[] = [
      { queue: "high", current: 1, readyNow: 40, runtimeMs: 0 },
      { queue: "default", current: 1, readyNow: 0, runtimeMs: 0 },
    ];
    expect(scaleStep(opts({}), pools)).toEqual({ high: 2, default: 1 });
  });

  it("simple balancing converges on an even split whatever the load", () => {
    let pools: PoolLoad[] = [
      { queue: "a", current: 1, readyNow: 1000, runtimeMs: 100 },
      { queue: "b", current: 9, readyNow: 0, runtimeMs: 0 },
    ];
    for (let i = 0; i < 10; i++) {
      const next = scaleStep(opts({ balance: "simple" }), pools);
      pools = pools.map((p) => ({ ...p, current: next[p.queue] }));
    }
    expect(pools.map((p) => p.current)).toEqual([5, 5]);
  });

  it("shrinking pools are decided before growing ones, so freed capacity is used in the same step", () => {
    const plan = planScaleStep(opts({ maxProcesses: 4 }), [
      { queue: "busy", current: 2, readyNow: 100, runtimeMs: 100 },
      { queue: "idle", current: 2, readyNow: 0, runtimeMs: 0 },
    ]);
    expect(plan.map((d) => d.queue)).toEqual(["idle", "busy"]);
    expect(plan.map((d) => d.to)).toEqual([1, 3]);
    expect(plan[1].reason).toMatch(/time to clear 10s of 10s → target 4; 2 \+1/);
  });

  it("never exceeds maxProcesses in total nor goes below minProcesses per pool (random walk)", () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let trial = 0; trial < 200; trial++) {
      const maxProcesses = 2 + rand(20);
      const minProcesses = 1 + rand(2);
      const o = opts({ maxProcesses, minProcesses, balanceMaxShift: 1 + rand(4), autoScalingStrategy: rand(2) ? "time" : "size" });
      const n = 1 + rand(3);
      if (n * minProcesses > maxProcesses) continue;
      let pools: PoolLoad[] = Array.from({ length: n }, (_, i) => ({
        queue: `q${i}`, current: minProcesses, readyNow: rand(3) ? rand(500) : 0, runtimeMs: rand(2) ? rand(200) : 0,
      }));
      for (let step = 0; step < 30; step++) {
        const next = scaleStep(o, pools);
        pools = pools.map((p) => ({ ...p, current: next[p.queue] }));
        expect(pools.reduce((s, p) => s + p.current, 0)).toBeLessThanOrEqual(maxProcesses);
        for (const p of pools) expect(p.current).toBeGreaterThanOrEqual(minProcesses);
      }
    }
  });
});
