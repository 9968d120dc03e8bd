// PostgreSQL copy of each batch (`Batch` rows): written on create, add, cancel,
// retry, failures and finish, and read when Redis no longer has the batch.
// Every write carries the Redis hash's version; an older snapshot of the same
// batch (same createdAt) never overwrites a newer one, so concurrent writers need
// no lock.
import { z } from "zod";
import { decodeCursor as decodeListCursor, encodeCursor as encodeListCursor } from "../../console/cursor";
import { env } from "../../env";
import { logger } from "../../logger";
import { prisma } from "../../db/client";
import type { Batch as BatchRow, Prisma } from "../../db/generated/client";
import { readBatchState, readFailedJobIds, type StoredBatch } from "./batch-store";
import { snapshotOf, type BatchSnapshot } from "./progress";

export type { BatchRow };

/** The callbacks as stored in the row: spec plus whether/when each ran. */
function callbacksJson(stored: StoredBatch): Prisma.InputJsonValue {
  const out: Record<string, unknown> = {};
  for (const [kind, spec] of Object.entries(stored.callbacks)) {
    const claim = stored.claims[kind as keyof StoredBatch["claims"]];
    out[kind] = { spec: JSON.parse(spec), claimedBy: claim?.jobId ?? null, doneAt: claim?.doneAt ?? null, error: claim?.error ?? null };
  }
  if (stored.firstError) out.firstError = stored.firstError;
  return out as Prisma.InputJsonValue;
}

export interface SaveOptions {
  /**
   * The batch was just created in Redis (createBatch's first copy): its row most likely does not
   * exist, so insert first and update only when it does (a fixed id reused after Redis trimmed the
   * old batch) — one query instead of an update that finds nothing and then the insert.
   */
  fresh?: boolean;
}

/**
 * Whether the live state is newer than the row: a higher version of the same batch, or another
 * batch of the same (fixed) id — one whose earlier batch Redis has trimmed since. The new batch's
 * versions count from 1 again, so only createdAt tells the two apart. Pure.
 */
export function rowIsStale(row: Pick<BatchRow, "version" | "createdAt">, stored: Pick<StoredBatch, "version" | "record">): boolean {
  return stored.version > row.version || row.createdAt.getTime() !== stored.record.createdAt;
}

export async function saveBatchRow(stored: StoredBatch, failedJobIds: string[], { fresh = false }: SaveOptions = {}): Promise<void> {
  const r = stored.record;
  const data = {
    name: r.name,
    queue: r.queue,
    connection: r.connection,
    allowFailures: r.allowFailures,
    totalJobs: r.totalJobs,
    pendingJobs: r.pendingJobs,
    failedJobs: r.failedJobs,
    cancelledJobs: r.cancelledJobs,
    failedJobIds,
    callbacks: callbacksJson(stored),
    version: stored.version,
    createdAt: new Date(r.createdAt),
    cancelledAt: r.cancelledAt === null ? null : new Date(r.cancelledAt),
    finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt),
  };
  const db = prisma();
  // The same condition as rowIsStale, in SQL.
  const update = () => db.batch.updateMany({
    where: { id: r.id, OR: [{ version: { lt: stored.version } }, { createdAt: { not: data.createdAt } }] },
    data,
  });
  const insert = () => db.batch.createMany({ data: [{ id: r.id, prefix: env().REDIS_PREFIX, ...data }], skipDuplicates: true });
  if (fresh) {
    // The row exists after all → update it (only a stale one, as below).
    if ((await insert()).count === 0) await update();
    return;
  }
  // Missing row → create it; a row at this version or newer → nothing to do.
  if ((await update()).count === 0) await insert();
}

/** Copies the live Redis state to PostgreSQL; false when Redis no longer has the batch. */
export async function persistBatch(id: string, options: SaveOptions = {}): Promise<boolean> {
  const stored = await readBatchState(id);
  if (!stored) return false;
  await saveBatchRow(stored, await readFailedJobIds(id), options);
  return true;
}

/** persistBatch for the worker's hot path: a failed write is logged, never thrown into the job. */
export async function persistBatchQuietly(id: string, options: SaveOptions = {}): Promise<void> {
  try {
    await persistBatch(id, options);
  } catch (error) {
    logger.warn({ err: error, batchId: id }, "could not copy the batch to PostgreSQL; the console re-copies it on its next read");
  }
}

export function snapshotFromRow(row: BatchRow): BatchSnapshot {
  return snapshotOf(
    {
      id: row.id,
      name: row.name,
      queue: row.queue,
      connection: row.connection,
      allowFailures: row.allowFailures,
      totalJobs: row.totalJobs,
      pendingJobs: row.pendingJobs,
      failedJobs: row.failedJobs,
      cancelledJobs: row.cancelledJobs,
      createdAt: row.createdAt.getTime(),
      cancelledAt: row.cancelledAt?.getTime() ?? null,
      finishedAt: row.finishedAt?.getTime() ?? null,
    },
    row.failedJobIds,
  );
}

export async function findBatchRow(id: string) {
  return prisma().batch.findFirst({ where: { id, prefix: env().REDIS_PREFIX } });
}

export interface BatchPage {
  /** 1-based; ignored when `cursor` is given. */
  page: number;
  perPage: number;
  /** Opaque: the `nextCursor` of the previous page (keyset pagination, stable while batches are added). */
  cursor?: string;
}

/** The latest instant a JavaScript Date holds (a larger one is an Invalid Date PostgreSQL refuses). */
const MAX_DATE_MS = 8.64e15;

/** Where a page ended: a hand-edited cursor is a 400 (invalid_cursor), like every other list's. */
const keyset = z.object({ at: z.number().int().min(0).max(MAX_DATE_MS), id: z.string().min(1).max(200) });

export function encodeCursor(row: Pick<BatchRow, "createdAt" | "id">): string {
  return encodeListCursor({ at: row.createdAt.getTime(), id: row.id });
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  const c = decodeListCursor(cursor, keyset);
  return c && { createdAt: new Date(c.at), id: c.id };
}

/** Newest first, this deployment's batches only. */
export async function listBatchRows({ page, perPage, cursor }: BatchPage) {
  const where = { prefix: env().REDIS_PREFIX };
  const after = decodeCursor(cursor);
  const pageWhere = after
    ? { ...where, OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
    : where;
  const [rows, total] = await Promise.all([
    prisma().batch.findMany({
      where: pageWhere, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: perPage + 1,
      ...(after ? {} : { skip: (page - 1) * perPage }),
    }),
    prisma().batch.count({ where }),
  ]);
  const more = rows.length > perPage;
  const pageRows = rows.slice(0, perPage);
  return { rows: pageRows, total, nextCursor: more ? encodeCursor(pageRows[pageRows.length - 1]) : null };
}
