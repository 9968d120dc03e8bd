// Settles a Payment exactly once: the status change is a conditional update
// (PENDING → SUCCEEDED/FAILED), so a retried or duplicated job finds nothing to
// change. Declines are recorded and then raised as a permanent failure, so they
// show up among the failed jobs instead of passing silently.
import { UnrecoverableError } from "bullmq";
import type { PrismaClient } from "../../db/client";
import { paymentDecision, type PaymentDecision } from "./payment-decision";

export class PaymentDeclined extends UnrecoverableError {
  override readonly name = "PaymentDeclined";
}

export class PaymentNotFound extends UnrecoverableError {
  override readonly name = "PaymentNotFound";
}

export type SettleResult = { outcome: "succeeded" } | { outcome: "skipped"; reason: string };

export async function settlePayment(db: PrismaClient, paymentId: string, now: Date = new Date()): Promise<SettleResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { company: { select: { active: true } } } });
  if (!payment) throw new PaymentNotFound(`Payment ${paymentId} does not exist`);
  const decision: PaymentDecision = paymentDecision({ ...payment, companyActive: payment.company.active });
  switch (decision.action) {
    case "skip":
      return { outcome: "skipped", reason: decision.reason };
    case "decline": {
      await db.payment.updateMany({ where: { id: paymentId, status: "PENDING" }, data: { status: "FAILED", failureReason: decision.reason, processedAt: now } });
      throw new PaymentDeclined(`Payment ${paymentId} declined: ${decision.reason}`);
    }
    case "settle": {
      const { count } = await db.payment.updateMany({ where: { id: paymentId, status: "PENDING" }, data: { status: "SUCCEEDED", processedAt: now } });
      return count === 1 ? { outcome: "succeeded" } : { outcome: "skipped", reason: "settled concurrently" };
    }
  }
}
