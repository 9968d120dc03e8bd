// Reads of the failed-job archive for the console: a filtered page (keyset
// cursor), the dry-run preview of a bulk retry and the next chunk of rows a bulk
// retry works on (groups by normalized error: failed-groups.ts, sharing the filter
// SQL here). Raw SQL where Prisma's query API cannot say it (left(), expressions).
import { z } from "zod";
import { env } from "../../env";
import { logger } from "../../logger";
import { decodeCursor, encodeCursor } from "../../console/cursor";
import type { FailedJobPage, FailedJobRowView, RetryPreview } from "../../console/types";
import { flushWhere, type FlushOptions } from "../../queue/failed-jobs";
import { MAX_LIFETIME_ATTEMPTS, PERMANENT_EXCEPTIONS } from "../../queue/retry-rules";
import { prisma, type PrismaClient } from "../client";
import { Prisma } from "../generated/client";
import { errorGroupSql } from "./error-group";

export interface FailedFilter {
  queue?: string;
  jobName?: string;
  exceptionClass?: string;
  /** A normalized error (with exceptionClass, one group of the grouped view). */
  errorGroup?: string;
  from?: Date;
  to?: Date;
  /** Text in the message, or an exact BullMQ job id. */
  q?: string;
  /** Rows already retried are hidden unless asked for (a retried job leaves the list). */
  includeRetried?: boolean;
  uuids?: string[];
}

export const MESSAGE_CHARS = 500;
const keyset = z.object({ at: z.string().datetime(), u: z.string().uuid() });

/**
 * The group of a row: FailedJob.errorGroup, set by recordFailure when the failure is archived;
 * the same rules in SQL for rows archived before that (a regexp per row, so only for those).
 */
export const GROUP_SQL = Prisma.raw(`(CASE WHEN "errorGroup" <> '' THEN "errorGroup" ELSE ${errorGroupSql("message")} END)`);
/** Matches one group; the stored column first, so the index serves it. */
const groupIs = (value: string) => Prisma.sql`("errorGroup" = ${value} OR ("errorGroup" = '' AND ${Prisma.raw(errorGroupSql("message"))} = ${value}))`;

const BACKFILL_CHUNK = 2_000;
const BACKFILL_EVERY_MS = 30_000;
let lastBackfill = 0;

/**
 * Stores the group of rows archived without one — only rows written before recordFailure set it
 * (or inserted by other means) — a chunk at a time (one short UPDATE each). Cheap when there are none:
 * the (prefix, errorGroup, …) index finds no row with "".
 */
export async function backfillErrorGroups(db: PrismaClient = prisma(), maxRows = 20_000): Promise<number> {
  let done = 0;
  while (done < maxRows) {
    const n = await db.$executeRaw`
      UPDATE "FailedJob" SET "errorGroup" = ${Prisma.raw(errorGroupSql("message"))}
      WHERE uuid IN (SELECT uuid FROM "FailedJob" WHERE prefix = ${env().REDIS_PREFIX} AND "errorGroup" = '' LIMIT ${BACKFILL_CHUNK})`;
    done += n;
    if (n < BACKFILL_CHUNK) break;
  }
  return done;
}

/** At most every 30 s per process, in the background: reads never wait for it. */
export function backfillSoon(db: PrismaClient): void {
  if (Date.now() - lastBackfill < BACKFILL_EVERY_MS) return;
  lastBackfill = Date.now();
  void backfillErrorGroups(db).catch((error) => logger.warn({ err: error }, "console: error-group backfill failed"));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The filter as SQL. `storedGroupOnly`: match errorGroup on the stored column alone (rows with a stored
 * group, as failed-groups.ts counts them from the index), not also rows normalized on the fly from message.
 */
export function whereSql(f: FailedFilter, { storedGroupOnly = false } = {}): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`prefix = ${env().REDIS_PREFIX}`];
  if (f.queue) parts.push(Prisma.sql`queue = ${f.queue}`);
  if (f.jobName) parts.push(Prisma.sql`"jobName" = ${f.jobName}`);
  if (f.exceptionClass) parts.push(Prisma.sql`"exceptionClass" = ${f.exceptionClass}`);
  if (f.errorGroup !== undefined) parts.push(storedGroupOnly ? Prisma.sql`"errorGroup" = ${f.errorGroup}` : groupIs(f.errorGroup));
  if (f.from) parts.push(Prisma.sql`"failedAt" >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`"failedAt" <= ${f.to}`);
  if (f.q) parts.push(Prisma.sql`(message ILIKE ${`%${escapeLike(f.q)}%`} OR "jobId" = ${f.q})`);
  if (!f.includeRetried) parts.push(Prisma.sql`"retriedAt" IS NULL`);
  if (f.uuids) parts.push(f.uuids.length ? Prisma.sql`uuid = ANY(${f.uuids}::uuid[])` : Prisma.sql`false`);
  return Prisma.join(parts, " AND ");
}

function afterSql(cursor: string | undefined): Prisma.Sql {
  const c = decodeCursor(cursor, keyset);
  return c ? Prisma.sql`AND ("failedAt", uuid) < (${new Date(c.at)}, ${c.u}::uuid)` : Prisma.empty;
}

/** The SQL row is the view with real dates (the view sends ISO strings). */
type RawRow = Omit<FailedJobRowView, "failedAt" | "retriedAt"> & { failedAt: Date; retriedAt: Date | null };

function view(r: RawRow): FailedJobRowView {
  return { ...r, failedAt: r.failedAt.toISOString(), retriedAt: r.retriedAt?.toISOString() ?? null };
}

export async function listFailedJobs(
  filter: FailedFilter,
  page: { cursor?: string; limit: number },
  db: PrismaClient = prisma(),
): Promise<FailedJobPage> {
  const where = whereSql(filter);
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT uuid::text AS uuid, queue, "jobId", "jobName", "exceptionClass", left(message, ${MESSAGE_CHARS}) AS message,
           attempts, "failReason", "failedAt", "retriedAt", "retriedJobId"
    FROM "FailedJob" WHERE ${where} ${afterSql(page.cursor)}
    ORDER BY "failedAt" DESC, "FailedJob".uuid DESC -- the uuid column, not the text alias: the cursor compares uuids
    LIMIT ${page.limit + 1}`;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    rows: shown.map(view),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.failedAt.toISOString(), u: last.uuid }) : null,
  };
}

/**
 * What a bulk retry would do, counted by the runtime's own rules
 * (lib/queue/retry-rules.ts): rows to retry and rows it will skip.
 */
export async function retryPreview(filter: FailedFilter, db: PrismaClient = prisma()): Promise<RetryPreview> {
  const where = whereSql({ ...filter, includeRetried: true });
  const permanent = Prisma.sql`("exceptionClass" = ANY(${[...PERMANENT_EXCEPTIONS]}::text[]) OR "failReason" = 'permanent')`;
  const [r] = await db.$queryRaw<{ total: number; permanent: number; tooMany: number; already: number }[]>`
    SELECT count(*) FILTER (WHERE "retriedAt" IS NULL)::int AS total,
           count(*) FILTER (WHERE "retriedAt" IS NULL AND ${permanent})::int AS permanent,
           count(*) FILTER (WHERE "retriedAt" IS NULL AND NOT ${permanent} AND attempts >= ${MAX_LIFETIME_ATTEMPTS})::int AS "tooMany",
           count(*) FILTER (WHERE "retriedAt" IS NOT NULL)::int AS already
    FROM "FailedJob" WHERE ${where}`;
  return {
    total: r.total,
    retry: r.total - r.permanent - r.tooMany,
    skip: { permanent_failure: r.permanent, too_many_attempts: r.tooMany },
    alreadyRetried: filter.uuids || filter.includeRetried ? r.already : 0,
  };
}

/** The next `size` not-yet-retried rows of a bulk retry, after `cursor`, and the cursor past them. */
export async function nextRetryChunk(
  filter: FailedFilter,
  cursor: string | undefined,
  size: number,
  db: PrismaClient = prisma(),
): Promise<{ uuids: string[]; nextCursor: string | null }> {
  const where = whereSql({ ...filter, includeRetried: false });
  const rows = await db.$queryRaw<{ uuid: string; failedAt: Date }[]>`
    SELECT uuid::text AS uuid, "failedAt" FROM "FailedJob" WHERE ${where} ${afterSql(cursor)}
    ORDER BY "failedAt" DESC, "FailedJob".uuid DESC LIMIT ${size}`;
  const last = rows.at(-1);
  return {
    uuids: rows.map((r) => r.uuid),
    nextCursor: rows.length === size && last ? encodeCursor({ at: last.failedAt.toISOString(), u: last.uuid }) : null,
  };
}

/** Rows a flush would delete (the same rows flushFailedJobs picks). */
export async function countFlushable(options: FlushOptions, db: PrismaClient = prisma()): Promise<number> {
  return db.failedJob.count({ where: flushWhere(options) });
}

/** Distinct values for the filter menus (bounded; the screen fetches them rarely). */
export async function failedFacets(db: PrismaClient = prisma()): Promise<{ queues: string[]; jobNames: string[]; exceptionClasses: string[] }> {
  const prefix = env().REDIS_PREFIX;
  const [r] = await db.$queryRaw<{ queues: string[] | null; jobNames: string[] | null; exceptionClasses: string[] | null }[]>`
    SELECT (SELECT array_agg(v) FROM (SELECT DISTINCT queue AS v FROM "FailedJob" WHERE prefix = ${prefix} ORDER BY 1 LIMIT 200) a) AS queues,
           (SELECT array_agg(v) FROM (SELECT DISTINCT "jobName" AS v FROM "FailedJob" WHERE prefix = ${prefix} ORDER BY 1 LIMIT 200) b) AS "jobNames",
           (SELECT array_agg(v) FROM (SELECT DISTINCT "exceptionClass" AS v FROM "FailedJob" WHERE prefix = ${prefix} ORDER BY 1 LIMIT 200) c) AS "exceptionClasses"`;
  return { queues: r?.queues ?? [], jobNames: r?.jobNames ?? [], exceptionClasses: r?.exceptionClasses ?? [] };
}
