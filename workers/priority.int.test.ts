// Issue 4 point 2: `queue: ['high', 'default']` drains `high` first. Both queues
// are backed up before the workers start; no job of the second queue may start
// before the last job of the first has started. Proven in one workers process
// for a single ordered pool (`balance: false`, on high/default) and for
// per-queue pools (`balance: 'auto'`, on bookings/billing).
import { afterAll, expect, it } from "vitest";
import { closeQueues, dispatchMany, getQueue } from "@/lib/queue";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";
import { readRecords, testRecord, type Record } from "./testing/fixture-jobs";

afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
});

const PER_QUEUE = 30;

async function backlog(first: string, second: string): Promise<void> {
  // The second queue is filled first, so FIFO across queues would run it first.
  await dispatchMany(testRecord, Array.from({ length: PER_QUEUE }, (_, n) => ({ n, sleepMs: 30 })), { queue: second });
  await dispatchMany(testRecord, Array.from({ length: PER_QUEUE }, (_, n) => ({ n, sleepMs: 30 })), { queue: first });
}

function expectDrainedInOrder(records: Record[], first: string, second: string): void {
  const a = records.filter((r) => r.queue === first);
  const b = records.filter((r) => r.queue === second);
  expect(a).toHaveLength(PER_QUEUE);
  expect(b).toHaveLength(PER_QUEUE);
  const lastFirstStart = Math.max(...a.map((r) => r.startedAt));
  const firstSecondStart = Math.min(...b.map((r) => r.startedAt));
  expect(firstSecondStart, `${second} started before ${first} was drained`).toBeGreaterThanOrEqual(lastFirstStart);
}

it("the first queue of a supervisor is drained first, with balance false and with auto", async () => {
  await backlog("high", "default");
  await backlog("bookings", "billing");
  const w = startWorkers({
    override: supervisors({
      ordered: { queue: ["high", "default"], balance: false, maxProcesses: 3, minProcesses: 1 },
      balanced: { queue: ["bookings", "billing"], balance: "auto", maxProcesses: 4, minProcesses: 1, balanceCooldown: 1 },
    }),
  });
  const records = await waitFor(async () => {
    const r = await readRecords();
    return r.length >= 4 * PER_QUEUE ? r : null;
  }, 150_000, "all jobs done");
  expectDrainedInOrder(records, "high", "default");
  expectDrainedInOrder(records, "bookings", "billing");
  // More than one process worked each supervisor's queues (the order is not an accident of a single process).
  expect(new Set(records.filter((r) => r.queue === "high").map((r) => r.pid)).size).toBeGreaterThan(1);
  expect(new Set(records.filter((r) => r.queue === "bookings").map((r) => r.pid)).size).toBeGreaterThan(1);
  expect(await getQueue("default").getWaitingCount()).toBe(0);
  expect(await w.stop()).toBe(0);
}, 200_000);
