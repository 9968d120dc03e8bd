// ProcessMonthlyBilling (the seed's job): one ProcessCompanyBilling per active
// company, in a batch named "Monthly Billing - YYYY-MM" on the `billing` queue that
// allows failures — the seed's Bus::batch([])->allowFailures()->onQueue('billing').
//
// Unlike the seed, which creates the batch empty and adds jobs one by one (a fast
// worker can finish the batch between two adds), all companies are added in one
// add: every job is registered before any is pushed.
import { z } from "zod";
import { prisma } from "../../db/client";
import { defineJob } from "../../queue";
import { batchJob, createBatch, defineBatchCallback, type BatchJob } from "../../queue/batches";
import { billingMonth, previousMonth } from "./monthly-charges";
import { ProcessCompanyBilling } from "./process-company-billing";

export const processMonthlyBillingPayload = z.object({
  /** The month to bill. @defaultValue the month before the one the job runs in (UTC) */
  month: billingMonth.optional(),
  /** Bill only these companies (still only active ones), e.g. a re-run for a few. @defaultValue every active company */
  companyIds: z.array(z.string().min(1)).min(1).max(100_000).optional(),
});

/** The seed's BillingBatchMonitor, as the batch's `finally`: one log line with the run's outcome. */
export const billingRunFinished = defineBatchCallback("billing.monthly-run-finished", ({ batch, args, logger }) => {
  logger.info(
    { batchId: batch.id, month: (args as { month?: string })?.month, total: batch.totalJobs, failed: batch.failedJobs, failedJobIds: batch.failedJobIds },
    batch.failedJobs ? "monthly billing finished with failures (retry them from the Batches screen)" : "monthly billing finished",
  );
});

const PAGE = 1000;

async function activeCompanyIds(only?: string[]): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma().company.findMany({
      where: { active: true, ...(only ? { id: { in: only } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    ids.push(...page.map((c) => c.id));
    if (page.length < PAGE) return ids;
    cursor = page[page.length - 1].id;
  }
}

export const ProcessMonthlyBilling = defineJob({
  name: "ProcessMonthlyBilling",
  queue: "billing",
  payload: processMonthlyBillingPayload,
  tries: 3,
  backoff: [30, 120],
  async handle(ctx) {
    const month = ctx.payload.month ?? previousMonth(new Date());
    const companies = await activeCompanyIds(ctx.payload.companyIds);
    if (!companies.length) return { month, batchId: null, companies: 0 };
    const jobs: BatchJob[] = companies.map((companyId) => batchJob(ProcessCompanyBilling, { companyId, month }, { key: companyId }));
    // The batch id comes from this job's id: a re-run after a crash continues the same batch
    // (keys make the add idempotent) instead of starting a second one.
    const batchId = await createBatch({
      id: `billing-${month}-${ctx.jobId}`.replace(/[^\w-]/g, "_"),
      name: `Monthly Billing - ${month}`,
      queue: "billing",
      allowFailures: true,
      jobs,
      finally: { name: billingRunFinished, args: { month } },
    });
    ctx.logger.info({ month, batchId, companies: companies.length }, "monthly billing batch dispatched");
    return { month, batchId, companies: companies.length };
  },
});
