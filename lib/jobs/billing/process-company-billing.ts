// ProcessCompanyBilling (the seed's job, `billing` queue): one company's invoice for
// one month. Idempotent per company+month through the Invoice table's unique key,
// so a second billing run — or two at once — writes each invoice exactly once.
import { z } from "zod";
import { prisma, type PrismaClient } from "../../db/client";
import { defineJob, retryPolicies } from "../../queue";
import { billingMonth, monthlyCharges, monthRange } from "./monthly-charges";

export const processCompanyBillingPayload = z.object({
  companyId: z.string().min(1),
  month: billingMonth,
});
export type ProcessCompanyBillingPayload = z.infer<typeof processCompanyBillingPayload>;

export type CompanyBillingResult =
  | { outcome: "invoiced"; invoiceId: string; totalCents: number }
  | { outcome: "exists"; invoiceId: string; totalCents: number }
  | { outcome: "company-missing" };

export async function billCompany(db: PrismaClient, p: ProcessCompanyBillingPayload, batchId?: string): Promise<CompanyBillingResult> {
  const existing = await db.invoice.findUnique({ where: { companyId_month: { companyId: p.companyId, month: p.month } } });
  if (existing) return { outcome: "exists", invoiceId: existing.id, totalCents: existing.totalCents };
  const company = await db.company.findUnique({ where: { id: p.companyId }, select: { id: true } });
  if (!company) return { outcome: "company-missing" };

  const { start, end } = monthRange(p.month);
  // A call belongs to the month it started in (created, when Retell never sent call_started).
  const calls = await db.call.findMany({
    where: {
      companyId: p.companyId,
      OR: [{ startedAt: { gte: start, lt: end } }, { startedAt: null, createdAt: { gte: start, lt: end } }],
    },
    select: { durationMs: true },
  });
  // An appointment is billed in the month it was booked, unless it was cancelled.
  const appointmentCount = await db.appointment.count({
    where: { companyId: p.companyId, createdAt: { gte: start, lt: end }, status: { not: "CANCELLED" } },
  });
  const charges = monthlyCharges(calls, appointmentCount);
  // createMany + skipDuplicates = INSERT … ON CONFLICT DO NOTHING: a concurrent run cannot make a second row.
  await db.invoice.createMany({ data: [{ companyId: p.companyId, month: p.month, batchId, ...charges }], skipDuplicates: true });
  const invoice = await db.invoice.findUniqueOrThrow({ where: { companyId_month: { companyId: p.companyId, month: p.month } } });
  const mine = invoice.batchId === (batchId ?? null) && invoice.totalCents === charges.totalCents;
  return { outcome: mine ? "invoiced" : "exists", invoiceId: invoice.id, totalCents: invoice.totalCents };
}

export const ProcessCompanyBilling = defineJob({
  name: "ProcessCompanyBilling",
  queue: "billing",
  payload: processCompanyBillingPayload,
  tries: 3,
  backoff: [10, 60],
  shouldRetry: retryPolicies.seed,
  tags: (p) => [`company:${p.companyId}`, `billing:${p.month}`],
  async handle(ctx) {
    const batchId = (ctx.bullJob?.data as { meta?: { batchId?: string } } | undefined)?.meta?.batchId;
    const result = await billCompany(prisma(), ctx.payload, batchId);
    ctx.logger.info({ companyId: ctx.payload.companyId, month: ctx.payload.month, ...result }, "company billing");
    return result;
  },
});
