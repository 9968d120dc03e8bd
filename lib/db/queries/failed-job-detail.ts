// One archived failure for its detail screen: the row, its payload cut to a
// budget (a 5 MB payload must not freeze the page) and its error group.
import { env } from "../../env";
import { NotFound } from "../../http/app-error";
import { jsonBytes, toJsonNode } from "../../console/json-node";
import type { FailedJobDetail } from "../../console/types";
import { prisma, type PrismaClient } from "../client";
import { errorGroupOf } from "./error-group";

export class FailedJobNotFound extends NotFound {
  override readonly code = "failed_job_not_found";
  constructor(uuid: string) {
    super(`No archived failure ${uuid} (it may have been forgotten or flushed).`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findFailedJobRow(uuid: string, db: PrismaClient = prisma()) {
  const row = UUID.test(uuid) ? await db.failedJob.findFirst({ where: { uuid, prefix: env().REDIS_PREFIX } }) : null;
  if (!row) throw new FailedJobNotFound(uuid);
  return row;
}

export async function failedJobDetail(uuid: string, db: PrismaClient = prisma()): Promise<FailedJobDetail> {
  const row = await findFailedJobRow(uuid, db);
  const preview = toJsonNode(row.payload);
  const stored = (row as { errorGroup?: string }).errorGroup;
  return {
    uuid: row.uuid,
    queue: row.queue,
    jobId: row.jobId,
    jobName: row.jobName,
    exceptionClass: row.exceptionClass,
    message: row.message,
    attempts: row.attempts,
    failReason: row.failReason,
    failedAt: row.failedAt.toISOString(),
    retriedAt: row.retriedAt?.toISOString() ?? null,
    retriedJobId: row.retriedJobId,
    retriedBy: row.retriedBy,
    connection: row.connection,
    stack: row.stack,
    payload: preview.node,
    payloadBytes: jsonBytes(row.payload),
    payloadTruncated: preview.truncated,
    errorGroup: stored || errorGroupOf(row.message),
  };
}

export async function failedJobPayloadText(uuid: string, db: PrismaClient = prisma()): Promise<string> {
  return JSON.stringify((await findFailedJobRow(uuid, db)).payload ?? null);
}
