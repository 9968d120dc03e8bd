// Reading batches: Redis while it has the batch (live counters, one HGETALL),
// PostgreSQL after Redis trimmed it. The console's reads also repair a stale
// PostgreSQL copy (a worker's write that failed), so history converges.
import { logger } from "../../logger";
import { parseCallback } from "./batch-callbacks";
import { findBatchRow, listBatchRows, rowIsStale, saveBatchRow, snapshotFromRow, type BatchRow } from "./batch-history";
import { readBatchState, readBatchStates, readFailedJobIds, type StoredBatch } from "./batch-store";
import { snapshotOf, type BatchSnapshot } from "./progress";

export interface CallbackState {
  name: string;
  /** Whether it has been triggered, and when it finished (null = running or lost with its worker). */
  claimedBy: string | null;
  doneAt: number | null;
  error: string | null;
}

export interface BatchDetails extends BatchSnapshot {
  callbacks: Partial<Record<"then" | "catch" | "finally", CallbackState>>;
  firstError: { jobId: string; message: string; at: number } | null;
  queues: string[];
  source: "redis" | "postgres";
}

function detailsFromStored(stored: StoredBatch, failedJobIds: string[]): BatchDetails {
  const callbacks: BatchDetails["callbacks"] = {};
  for (const [kind, spec] of Object.entries(stored.callbacks)) {
    const k = kind as keyof BatchDetails["callbacks"];
    const claim = stored.claims[k];
    callbacks[k] = { name: parseCallback(spec)?.name ?? "?", claimedBy: claim?.jobId ?? null, doneAt: claim?.doneAt ?? null, error: claim?.error ?? null };
  }
  return { ...snapshotOf(stored.record, failedJobIds), callbacks, firstError: stored.firstError, queues: stored.queues, source: "redis" };
}

function detailsFromRow(row: BatchRow): BatchDetails {
  const json = (row.callbacks ?? {}) as Record<string, { spec?: { name?: string }; claimedBy?: string | null; doneAt?: number | null; error?: string | null }> & {
    firstError?: BatchDetails["firstError"];
  };
  const callbacks: BatchDetails["callbacks"] = {};
  for (const kind of ["then", "catch", "finally"] as const) {
    const c = json[kind];
    if (c) callbacks[kind] = { name: c.spec?.name ?? "?", claimedBy: c.claimedBy ?? null, doneAt: c.doneAt ?? null, error: c.error ?? null };
  }
  return { ...snapshotFromRow(row), callbacks, firstError: json.firstError ?? null, queues: row.queue ? [row.queue] : [], source: "postgres" };
}

/** The seed's Bus::findBatch(): null when neither Redis nor PostgreSQL knows the id. */
export async function findBatch(id: string): Promise<BatchDetails | null> {
  const stored = await readBatchState(id);
  if (stored) {
    const failed = await readFailedJobIds(id);
    void repairRow(id, stored, failed);
    return detailsFromStored(stored, failed);
  }
  const row = await findBatchRow(id);
  return row ? detailsFromRow(row) : null;
}

/** Counters only (one HGETALL, no failed ids): what a progress bar polls. */
export async function batchProgress(id: string): Promise<BatchSnapshot | null> {
  const stored = await readBatchState(id);
  if (stored) return snapshotOf(stored.record);
  const row = await findBatchRow(id);
  return row ? { ...snapshotFromRow(row), failedJobIds: [] } : null;
}

export interface BatchList {
  batches: BatchDetails[];
  page: number;
  perPage: number;
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Newest first; live counters from Redis overlay the stored rows of running batches. */
export async function listBatches(options: { page?: number; perPage?: number; cursor?: string } = {}): Promise<BatchList> {
  const page = options.page ?? 1;
  const perPage = options.perPage ?? 25;
  const { rows, total, nextCursor } = await listBatchRows({ page, perPage, cursor: options.cursor });
  const live = await readBatchStates(rows.map((r) => r.id));
  const batches = rows.map((row) => {
    const stored = live.get(row.id);
    if (!stored) return detailsFromRow(row);
    if (rowIsStale(row, stored)) void repairRow(row.id, stored);
    // The list shows counts; failed ids come with the detail view.
    return { ...detailsFromStored(stored, []), failedJobIds: row.failedJobIds };
  });
  return { batches, page, perPage, total, nextCursor };
}

const repairing = new Set<string>();

async function repairRow(id: string, stored: StoredBatch, failed?: string[]): Promise<void> {
  if (repairing.has(id)) return;
  repairing.add(id);
  try {
    await saveBatchRow(stored, failed ?? (await readFailedJobIds(id)));
  } catch (error) {
    logger.warn({ err: error, batchId: id }, "could not refresh the stored batch");
  } finally {
    repairing.delete(id);
  }
}
