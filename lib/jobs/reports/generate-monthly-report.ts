// GenerateMonthlyReport (the seed's, dispatched to LOW in its example): runs on the
// long-running connection's `reports` queue (supervisor `long-running`: tries 1,
// timeout 3600 s) and reports its progress to the job as it writes.
import { z } from "zod";
import { prisma } from "../../db/client";
import { env } from "../../env";
import { defineJob } from "../../queue";
import { generateMonthlyReport } from "./monthly-report";

export const generateMonthlyReportPayload = z.object({
  companyId: z.string().min(1),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM"),
});
export type GenerateMonthlyReportPayload = z.infer<typeof generateMonthlyReportPayload>;

export const GenerateMonthlyReport = defineJob({
  name: "GenerateMonthlyReport",
  queue: "reports",
  connection: "redis-long-running",
  payload: generateMonthlyReportPayload,
  tries: 1,
  timeout: 3600,
  tags: (p) => [`company:${p.companyId}`, `month:${p.month}`],
  async handle(ctx) {
    const result = await generateMonthlyReport(prisma(), ctx.payload.companyId, ctx.payload.month, {
      dir: env().REPORTS_DIR,
      signal: ctx.signal,
      runId: ctx.jobId,
      progress: (p) => ctx.progress(p),
    });
    ctx.logger.info(result, "monthly report written");
    return result;
  },
});
