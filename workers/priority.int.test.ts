// Issue 4 point 2: `queue: ['high', 'default']` drains `high` first — with both
// queues backed up before the workers start, no `default` job starts before
// the last `high` job has started. Proven for a single ordered pool
// (`balance: false`) and for per-queue pools (`balance: 'auto'`).
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeQueues, dispatchMany, getQueue } from "@/lib/queue";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";
import { readRecords, recordKey, testRecord } from "./testing/fixture-jobs";
import { runtimeRedis } from "@/lib/queue";

afterEach(async () => {
  destroyAllWorkers();
  await runtimeRedis().del(recordKey());
});
afterAll(() => closeQueues());

async function backlog(perQueue: number): Promise<void> {
  // `default` is filled first, so FIFO across queues would run default first.
  await dispatchMany(testRecord, Array.from({ length: perQueue }, (_, n) => ({ n, sleepMs: 30 })), { queue: "default" });
  await dispatchMany(testRecord, Array.from({ length: perQueue }, (_, n) => ({ n, sleepMs: 30 })), { queue: "high" });
}

async function expectHighFirst(total: number): Promise<void> {
  const records = await waitFor(async () => {
    const r = await readRecords();
    return r.length >= total ? r : null;
  }, 100_000, `${total} jobs done`);
  const high = records.filter((r) => r.queue === "high");
  const normal = records.filter((r) => r.queue === "default");
  expect(high).toHaveLength(total / 2);
  expect(normal).toHaveLength(total / 2);
  const lastHighStart = Math.max(...high.map((r) => r.startedAt));
  const firstDefaultStart = Math.min(...normal.map((r) => r.startedAt));
  expect(firstDefaultStart).toBeGreaterThanOrEqual(lastHighStart);
}

describe("queues in priority order", () => {
  it("balance false: one pool takes high before default", async () => {
    await backlog(30);
    const w = startWorkers({ override: supervisors({ prio: { queue: ["high", "default"], balance: false, maxProcesses: 3, minProcesses: 1 } }) });
    await expectHighFirst(60);
    expect(await w.stop()).toBe(0);
    expect(await getQueue("high").getWaitingCount()).toBe(0);
  }, 120_000);

  it("balance auto: the default pool's processes also take high first", async () => {
    await backlog(30);
    const w = startWorkers({ override: supervisors({ prio: { queue: ["high", "default"], balance: "auto", maxProcesses: 4, minProcesses: 1, balanceCooldown: 1 } }) });
    await expectHighFirst(60);
    expect(await w.stop()).toBe(0);
  }, 120_000);
});
