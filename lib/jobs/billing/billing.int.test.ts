// Issue 5: ProcessMonthlyBilling → a batch of ProcessCompanyBilling on `billing`,
// idempotent per company+month when the run is started twice (one after the
// other, and two at once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, dispatch, getQueue, type QueueWorker } from "../../queue";
import { findBatch } from "../../queue/batches";
import { waitFor } from "../../queue/test-support";
import { ProcessMonthlyBilling } from "./process-monthly-billing";

const MONTH = "2031-05";
const run = Math.random().toString(36).slice(2, 8);
let worker: QueueWorker;
const companyIds: string[] = [];

beforeAll(async () => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker("billing", { concurrency: 4 });
  const inMonth = (day: number) => new Date(Date.UTC(2031, 4, day, 10));
  for (let i = 0; i < 3; i++) {
    const company = await prisma().company.create({ data: { name: `Billing Co ${run}-${i}` } });
    companyIds.push(company.id);
    const customer = await prisma().customer.create({ data: { companyId: company.id, phone: `+4940${run}${i}` } });
    for (let c = 0; c <= i; c++) {
      await prisma().call.create({
        data: { retellCallId: `call_bill_${run}_${i}_${c}`, companyId: company.id, customerId: customer.id, agentId: "a", status: "ended", startedAt: inMonth(3 + c), durationMs: 90_000 },
      });
    }
    // Outside the month: not billed.
    await prisma().call.create({ data: { retellCallId: `call_bill_${run}_${i}_x`, companyId: company.id, agentId: "a", status: "ended", startedAt: new Date(Date.UTC(2031, 5, 1)), durationMs: 600_000 } });
    await prisma().appointment.create({ data: { companyId: company.id, customerId: customer.id, service: "S", startsAt: inMonth(20), createdAt: inMonth(4) } });
    await prisma().appointment.create({ data: { companyId: company.id, customerId: customer.id, service: "S", startsAt: inMonth(21), createdAt: inMonth(5), status: "CANCELLED" } });
  }
  // An inactive company is not billed.
  const inactive = await prisma().company.create({ data: { name: `Billing Co ${run}-inactive`, active: false } });
  companyIds.push(inactive.id);
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
  await prisma().company.deleteMany({ where: { id: { in: companyIds } } });
});

async function runBilling(): Promise<{ batchId: string }> {
  const jobId = await dispatch(ProcessMonthlyBilling, { month: MONTH, companyIds });
  const result = await waitFor(async () => (await getQueue("billing").getJob(jobId))?.returnvalue as { batchId: string } | undefined);
  await waitFor(async () => (await findBatch(result.batchId))?.finished);
  return result;
}

describe("monthly billing", () => {
  it("invoices each active company once per month, even when the run is started twice, and twice at once", async () => {
    const first = await runBilling();
    const batch = await findBatch(first.batchId);
    expect(batch).toMatchObject({ name: `Monthly Billing - ${MONTH}`, queue: "billing", allowFailures: true, totalJobs: 3, failedJobs: 0, progress: 100 });
    const invoices = await prisma().invoice.findMany({ where: { companyId: { in: companyIds }, month: MONTH }, orderBy: { callCount: "asc" } });
    // Company i: i+1 calls of 1.5 min (2 started minutes each = 24 ct) + 1 appointment (150 ct); the cancelled one is free.
    expect(invoices.map((i) => [i.callCount, i.callMinutes, i.callChargeCents, i.appointmentCount, i.totalCents])).toEqual([
      [1, 2, 24, 1, 174], [2, 4, 48, 1, 198], [3, 6, 72, 1, 222],
    ]);
    expect(invoices.every((i) => i.batchId === first.batchId)).toBe(true);

    const second = await runBilling();
    expect(second.batchId).not.toBe(first.batchId);
    const [a, b] = await Promise.all([runBilling(), runBilling()]);
    expect(a.batchId).not.toBe(b.batchId);
    const after = await prisma().invoice.findMany({ where: { companyId: { in: companyIds }, month: MONTH } });
    expect(after).toHaveLength(3);
    expect(after.map((i) => [i.id, i.totalCents, i.batchId]).sort()).toEqual(invoices.map((i) => [i.id, i.totalCents, i.batchId]).sort());
    // The later batches finished too: every job found its invoice.
    for (const id of [second.batchId, a.batchId, b.batchId]) expect(await findBatch(id)).toMatchObject({ totalJobs: 3, failedJobs: 0, finished: true });
    const results = await Promise.all((await getQueue("billing").getJobs(["completed"], 0, 1000)).filter((j) => j.data.meta?.batchId === second.batchId).map((j) => j.returnvalue));
    expect(results.map((r) => r.outcome)).toEqual(["exists", "exists", "exists"]);
  });
});
