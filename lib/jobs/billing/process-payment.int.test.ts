// ProcessPayment on `critical`: settles once, declines permanently, and a duplicate changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { closeQueues, createQueueWorker, dispatch, type QueueWorker } from "@/lib/queue";
import { createCompany, waitForJob } from "../testing/harness";
import { ProcessPayment } from "./process-payment";
import { settlePayment } from "./settle-payment";

const db = prisma();
let worker: QueueWorker;
const failures: string[] = [];

beforeAll(() => {
  worker = createQueueWorker("critical", { onFinalFailure: async (f) => void failures.push(f.error.message) });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
});

describe("ProcessPayment", () => {
  it("runs on `critical` and settles a pending payment", async () => {
    const company = await createCompany(db);
    const payment = await db.payment.create({ data: { companyId: company.id, amountCents: 4_900, description: "Monthly plan" } });
    const jobId = await dispatch(ProcessPayment, { paymentId: payment.id });
    const job = await waitForJob("critical", jobId);
    expect(job.queueName).toBe("critical");
    expect(job.returnvalue).toEqual({ outcome: "succeeded" });
    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stored.status).toBe("SUCCEEDED");
    expect(stored.processedAt).toBeInstanceOf(Date);
  });

  it("a second run (duplicate dispatch, retry) changes nothing", async () => {
    const company = await createCompany(db);
    const payment = await db.payment.create({ data: { companyId: company.id, amountCents: 1_000 } });
    await settlePayment(db, payment.id);
    const processedAt = (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).processedAt;
    expect(await settlePayment(db, payment.id)).toEqual({ outcome: "skipped", reason: "already-succeeded" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).processedAt).toEqual(processedAt);
  });

  it("a payment for an inactive company is declined: recorded FAILED and the job fails without retrying", async () => {
    const company = await createCompany(db, { active: false });
    const payment = await db.payment.create({ data: { companyId: company.id, amountCents: 2_500 } });
    const job = await waitForJob("critical", await dispatch(ProcessPayment, { paymentId: payment.id }));
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain("the company is not active");
    expect(failures.some((m) => m.includes(payment.id))).toBe(true);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "FAILED", failureReason: "the company is not active" });
  });
});
