// Issue 4 point 3 against the real workers process: each balance mode sizes its
// pools as Horizon does — `simple` splits evenly whatever the load (and brings a
// supervisor scaled away from the split back to it), `auto` moves processes toward
// the queue with the work (and logs each move with its reason), at most one step per
// `balanceCooldown`, `false` runs one pool over the queues in order, sized by the backlog.
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeQueues, dispatchMany } from "@/lib/queue";
import { controlWorkers } from "@/lib/supervisor/control";
import { createRedis } from "@/lib/redis/connection";
import { listSupervisors } from "@/lib/supervisor/heartbeats";
import { recentScaleDecisions } from "@/lib/supervisor/scale-log";
import { destroyAllWorkers, startWorkers, supervisors, waitFor, type LogLine, type WorkersProcess } from "./testing/harness";
import { readRecords, testRecord } from "./testing/fixture-jobs";

const redis = createRedis();
let w: WorkersProcess;
const pools = async (name: string) => (await listSupervisors(redis)).find((s) => s.supervisor === name)?.processes;
/** The supervisor's `scale <queue> a → b: reason` lines (one per pool that moved in a balancing step). */
const scaleLines = (name: string, since = 0): LogLine[] =>
  w.logs.filter((l) => l.supervisor === name && typeof l.from === "number" && /^scale /.test(l.msg) && l.time >= since);

beforeAll(async () => {
  w = startWorkers({
    override: supervisors({
      even: { queue: ["emails", "sms"], balance: "simple", processes: 2, balanceCooldown: 1 },
      auto: { queue: ["high", "default"], balance: "auto", maxProcesses: 3, minProcesses: 1, balanceCooldown: 1 },
      off: { queue: ["low", "billing"], balance: false, maxProcesses: 2, minProcesses: 1, balanceCooldown: 1 },
    }),
  });
  await waitFor(async () => (await listSupervisors(redis)).length === 3, 120_000, "three supervisors");
}, 150_000);
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
  await redis.quit();
});

it("simple: scaled away from the even split, it balances back to it and ignores the load", async () => {
  expect(await pools("even")).toEqual({ emails: 1, sms: 1 });
  await dispatchMany(testRecord, Array.from({ length: 20 }, (_, n) => ({ n, sleepMs: 100 })), { queue: "emails" });
  // `workers:scale --processes=1` splits 1 evenly over two pools (Horizon's Supervisor::scale floors): 0 and 0,
  // below the simple split of maxProcesses 2; only the balancing loop can bring them back.
  const sentAt = Date.now();
  await controlWorkers(redis, { type: "scale", processes: 1 }, { supervisor: "even" });
  await w.waitForLog((l) => l.supervisor === "even" && l.msg === "supervisor even: scale" && l.time >= sentAt, 20_000, "scale command applied");
  await waitFor(() => scaleLines("even", sentAt).length >= 2, 20_000, "both pools balanced back");
  const back = scaleLines("even", sentAt);
  expect(back.map((l) => [l.queue, l.from, l.to]).sort()).toEqual([["emails", 0, 1], ["sms", 0, 1]]);
  for (const l of back) expect(l.reason).toMatch(/^simple: even split → target 1; 0 \+1$/);
  await waitFor(async () => JSON.stringify(await pools("even")) === JSON.stringify({ emails: 1, sms: 1 }), 20_000, "1/1 in the heartbeat");
  await new Promise((r) => setTimeout(r, 3_000)); // several balancing cooldowns, emails still loaded
  expect(await pools("even")).toEqual({ emails: 1, sms: 1 });
  expect(scaleLines("even", sentAt)).toHaveLength(2);
}, 60_000);

it("false: one pool over the queues in order, shrunk to minProcesses when idle and grown to maxProcesses with a backlog", async () => {
  await waitFor(async () => (await pools("off"))?.["low,billing"] === 1, 30_000, "idle pool at minProcesses");
  await dispatchMany(testRecord, Array.from({ length: 30 }, (_, n) => ({ n, sleepMs: 300 })), { queue: "billing" });
  await waitFor(async () => (await pools("off"))?.["low,billing"] === 2, 60_000, "pool grown to maxProcesses");
}, 120_000);

it("auto: processes go where the work is, one balanceMaxShift per cooldown, with a logged reason; warm processes move between pools", async () => {
  await waitFor(async () => JSON.stringify(await pools("auto")) === JSON.stringify({ high: 1, default: 1 }), 60_000, "auto idle at 1/1");
  await dispatchMany(testRecord, Array.from({ length: 30 }, (_, n) => ({ n, sleepMs: 200 })), { queue: "high" });
  await dispatchMany(testRecord, Array.from({ length: 30 }, (_, n) => ({ n, sleepMs: 200 })), { queue: "default" });
  // high is drained first (priority) and is the queue with measured work: it grows, capped so default keeps its minimum.
  const grew = await w.waitForLog((l) => l.queue === "high" && l.from === 1 && l.to === 2, 60_000, "high grows");
  expect(grew.msg).toMatch(/^scale high 1 → 2: /);
  expect(grew.reason).toMatch(/time to clear|ready/);
  // Once high is empty the balancer shrinks it and grows default in the same step: a warm process moves.
  const moved = await w.waitForLog((l) => /moved from pool high to default$/.test(l.msg), 90_000, "a process moved to default");
  await waitFor(async () => JSON.stringify(await pools("auto")) === JSON.stringify({ high: 1, default: 2 }), 30_000, "1/2 after the move");
  const done = await waitFor(async () => {
    const r = await readRecords();
    return r.filter((x) => x.queue === "default").length === 30 ? r : null;
  }, 90_000, "default drained");
  expect(done.some((r) => r.queue === "default" && r.pid === moved.workerPid && r.startedAt > moved.time)).toBe(true);
  // The console's capped decision log has the moves too.
  const decisions = await recentScaleDecisions(redis, 50);
  expect(decisions.some((d) => d.supervisor === "auto" && d.queue === "high" && d.to === 2)).toBe(true);
  // Drained: back to the minimum, "queue empty".
  await waitFor(async () => (await pools("auto"))?.default === 1, 60_000, "default shrunk after the drain");
  expect(w.logs.some((l) => l.queue === "default" && l.to === 1 && /queue empty/.test(String(l.reason)))).toBe(true);

  // Back-to-back moves: scaled to 6 (3/3) while idle, each pool sheds balanceMaxShift 1 per step, 3 → 2 → 1.
  const scaledAt = Date.now();
  await controlWorkers(redis, { type: "scale", processes: 6 }, { supervisor: "auto" });
  await waitFor(() => scaleLines("auto", scaledAt).filter((l) => l.to === 1).length === 2, 30_000, "3/3 shed back to 1/1");
  expect(scaleLines("auto", scaledAt).map((l) => `${l.queue} ${l.from}→${l.to}`)).toEqual(["high 3→2", "default 3→2", "high 2→1", "default 2→1"]);
  // Every step of the test — the lines of one step are logged together — is at least balanceCooldown (1 s) after
  // the previous one. (The step's clock starts before it reads the queues, so its line may trail by that read.)
  const steps: number[] = [];
  for (const l of scaleLines("auto")) if (!steps.length || l.time - steps[steps.length - 1] > 50) steps.push(l.time);
  expect(steps.length).toBeGreaterThanOrEqual(5);
  const gaps = steps.slice(1).map((t, i) => t - steps[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000 - 250);
}, 240_000);
