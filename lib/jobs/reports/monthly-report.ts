// The monthly CSV of a company's calls and appointments, written in pages (the
// seed's chunk(100) habit) to a temporary file that is renamed into place only
// when complete, so a reader never sees half a report. Progress goes to the job.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import type { PrismaClient } from "../../db/client";
import { csvLine, monthRange, REPORT_COLUMNS, type Cell } from "./csv";

export const REPORT_PAGE_SIZE = 500;

export interface ReportProgress {
  phase: "calls" | "appointments" | "done";
  rows: number;
  total: number;
  percent: number;
}

export interface ReportOptions {
  dir: string;
  progress?: (p: ReportProgress) => Promise<void> | void;
  signal?: AbortSignal;
  /** Distinguishes the temporary file of concurrent runs. */
  runId?: string;
}

export interface ReportResult {
  reportId: string;
  filePath: string;
  rowCount: number;
  bytes: number;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** Pages through a table by id, so memory stays flat whatever the month's volume. */
async function* pages<T extends { id: string }>(fetch: (cursor: string | undefined) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor);
    if (page.length === 0) return;
    yield page;
    if (page.length < REPORT_PAGE_SIZE) return;
    cursor = page[page.length - 1].id;
  }
}

function paging(cursor: string | undefined) {
  return { take: REPORT_PAGE_SIZE, orderBy: { id: "asc" as const }, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) };
}

export async function generateMonthlyReport(db: PrismaClient, companyId: string, month: string, opts: ReportOptions): Promise<ReportResult> {
  const { from, to } = monthRange(month);
  const report = await db.report.upsert({
    where: { companyId_month: { companyId, month } },
    create: { companyId, month, status: "RUNNING", startedAt: new Date() },
    update: { status: "RUNNING", startedAt: new Date(), error: null, completedAt: null },
  });
  const callWhere = { companyId, createdAt: { gte: from, lt: to } };
  const appointmentWhere = { companyId, startsAt: { gte: from, lt: to } };
  const total = (await db.call.count({ where: callWhere })) + (await db.appointment.count({ where: appointmentWhere }));

  const finalPath = path.resolve(opts.dir, companyId, `${month}.csv`);
  const tmpPath = `${finalPath}.${opts.runId ?? process.pid}.tmp`;
  await mkdir(path.dirname(finalPath), { recursive: true });
  const stream = createWriteStream(tmpPath, { encoding: "utf8" });
  let rows = 0;
  const tick = async (phase: ReportProgress["phase"]) => {
    opts.signal?.throwIfAborted();
    await opts.progress?.({ phase, rows, total, percent: total === 0 ? 100 : Math.floor((rows / total) * 100) });
  };
  try {
    await write(stream, csvLine([...REPORT_COLUMNS]));
    const calls = pages((cursor) => db.call.findMany({ where: callWhere, include: { customer: { select: { phone: true } } }, ...paging(cursor) }));
    for await (const page of calls) {
      for (const c of page) {
        const cells: Cell[] = ["call", c.retellCallId, c.startedAt ?? c.createdAt, c.customer?.phone ?? c.fromNumber, c.status,
          c.durationMs === null ? null : Math.round(c.durationMs / 1000), c.sentiment, c.successful, null, c.summary];
        await write(stream, csvLine(cells));
      }
      rows += page.length;
      await tick("calls");
    }
    const appointments = pages((cursor) => db.appointment.findMany({ where: appointmentWhere, include: { customer: { select: { phone: true } } }, ...paging(cursor) }));
    for await (const page of appointments) {
      for (const a of page) {
        const cells: Cell[] = ["appointment", a.id, a.startsAt, a.customer.phone, a.status, null, null, null, a.service, null];
        await write(stream, csvLine(cells));
      }
      rows += page.length;
      await tick("appointments");
    }
    stream.end();
    await once(stream, "finish");
    await rename(tmpPath, finalPath);
  } catch (error) {
    stream.destroy();
    await rm(tmpPath, { force: true });
    await db.report.update({ where: { id: report.id }, data: { status: "FAILED", error: (error as Error).message.slice(0, 1000) } });
    throw error;
  }
  const bytes = (await stat(finalPath)).size;
  await db.report.update({
    where: { id: report.id },
    data: { status: "COMPLETED", filePath: finalPath, rowCount: rows, bytes, completedAt: new Date() },
  });
  await tick("done");
  return { reportId: report.id, filePath: finalPath, rowCount: rows, bytes };
}
