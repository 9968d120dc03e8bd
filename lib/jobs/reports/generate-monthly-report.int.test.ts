// GenerateMonthlyReport on the long-running connection's `reports` queue: a CSV of the
// company's calls and appointments for the month, written whole, with progress on the job.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { closeQueues, createQueueWorker, dispatch, type QueueWorker } from "@/lib/queue";
import { createCompany, uniquePhone, uniqueSuffix, waitForJob } from "../testing/harness";
import { GenerateMonthlyReport } from "./generate-monthly-report";
import { REPORT_PAGE_SIZE } from "./monthly-report";

const db = prisma();
let dir: string;
let worker: QueueWorker;
const progress: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-reports-"));
  process.env.REPORTS_DIR = dir;
  resetEnvCache();
  worker = createQueueWorker("reports", { connectionName: "redis-long-running" });
  worker.on("progress", (_job, value) => void progress.push(value));
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await rm(dir, { recursive: true, force: true });
});

describe("GenerateMonthlyReport", () => {
  it("writes the month's calls and appointments (only those) as CSV and reports progress", async () => {
    const company = await createCompany(db);
    const other = await createCompany(db);
    const customer = await db.customer.create({ data: { companyId: company.id, phone: uniquePhone(), name: "Erika" } });
    const inMonth = new Date("2026-10-15T10:00:00Z");
    const calls = REPORT_PAGE_SIZE + 3; // more than one page
    await db.call.createMany({
      data: Array.from({ length: calls }, (_, i) => ({
        retellCallId: `report_${uniqueSuffix()}_${i}`, companyId: company.id, customerId: customer.id, agentId: "a",
        status: "ended", durationMs: 61_000, createdAt: inMonth, summary: i === 0 ? 'Said "hi", then, left' : null,
      })),
    });
    await db.call.create({ data: { retellCallId: `report_${uniqueSuffix()}_nov`, companyId: company.id, agentId: "a", status: "ended", createdAt: new Date("2026-11-01T00:00:00Z") } });
    await db.call.create({ data: { retellCallId: `report_${uniqueSuffix()}_other`, companyId: other.id, agentId: "a", status: "ended", createdAt: inMonth } });
    await db.appointment.create({ data: { companyId: company.id, customerId: customer.id, service: "Haircut", startsAt: new Date("2026-10-20T09:00:00Z") } });

    const jobId = await dispatch(GenerateMonthlyReport, { companyId: company.id, month: "2026-10" });
    const job = await waitForJob("reports", jobId, 60_000);
    expect(job.returnvalue).toMatchObject({ rowCount: calls + 1 });

    const report = await db.report.findUniqueOrThrow({ where: { companyId_month: { companyId: company.id, month: "2026-10" } } });
    expect(report).toMatchObject({ status: "COMPLETED", rowCount: calls + 1 });
    const csv = await readFile(report.filePath!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("record,id,at,customer_phone,status,duration_seconds,sentiment,successful,service,summary");
    expect(lines).toHaveLength(1 + calls + 1);
    expect(lines.filter((l) => l.startsWith("call,"))).toHaveLength(calls);
    expect(lines.at(-1)).toMatch(/^appointment,.*,2026-10-20T09:00:00.000Z,.*,SCHEDULED,,,,Haircut,$/);
    expect(csv).toContain('"Said ""hi"", then, left"');
    expect(csv).toContain(`,${customer.phone},ended,61,`);
    expect(report.bytes).toBe(Buffer.byteLength(csv));
    expect(await readdir(path.dirname(report.filePath!))).toEqual(["2026-10.csv"]); // no temporary file left

    expect(job.progress).toMatchObject({ phase: "done", rows: calls + 1, total: calls + 1, percent: 100 });
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });

  it("is dispatched on the long-running connection", async () => {
    const company = await createCompany(db);
    const jobId = await dispatch(GenerateMonthlyReport, { companyId: company.id, month: "2026-09" });
    const job = await waitForJob("reports", jobId);
    expect(job.data.meta.connection).toBe("redis-long-running");
    expect(job.returnvalue).toMatchObject({ rowCount: 0 });
  });
});
