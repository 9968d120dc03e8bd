// The Webhooks screen's reads of stored Retell events: a filtered page
// (keyset on receivedAt, id), one event with its payload cut to a budget, and
// events per hour. Signature failures never reach this table (they are refused
// before anything is stored); their counts come from the webhook route.
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../../console/cursor";
import { jsonBytes, toJsonNode } from "../../console/json-node";
import type { WebhookEventDetail, WebhookEventPage, WebhookEventRow } from "../../console/types";
import { NotFound } from "../../http/app-error";
import { prisma, type PrismaClient } from "../client";
import type { Prisma } from "../generated/client";

export interface WebhookFilter {
  eventType?: string;
  callId?: string;
  handled?: boolean;
  /** Only events delivered more than once. */
  duplicates?: boolean;
  from?: Date;
  to?: Date;
}

export class WebhookEventNotFound extends NotFound {
  override readonly code = "webhook_event_not_found";
}

const keyset = z.object({ at: z.string().datetime(), id: z.string().max(64) });

const rowColumns = {
  id: true, provider: true, eventId: true, eventType: true, callId: true, handled: true,
  receivedAt: true, processedAt: true, duplicateCount: true,
} as const;

type RowRecord = { id: string; provider: string; eventId: string; eventType: string; callId: string | null; handled: boolean; receivedAt: Date; processedAt: Date | null; duplicateCount: number };

function view(r: RowRecord): WebhookEventRow {
  return { ...r, receivedAt: r.receivedAt.toISOString(), processedAt: r.processedAt?.toISOString() ?? null };
}

export function webhookWhere(f: WebhookFilter): Prisma.WebhookEventWhereInput {
  return {
    ...(f.eventType ? { eventType: f.eventType } : {}),
    ...(f.callId ? { callId: f.callId } : {}),
    ...(f.handled !== undefined ? { handled: f.handled } : {}),
    ...(f.duplicates ? { duplicateCount: { gt: 0 } } : {}),
    ...(f.from || f.to ? { receivedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
}

export async function listWebhookEvents(filter: WebhookFilter, page: { cursor?: string; limit: number }, db: PrismaClient = prisma()): Promise<WebhookEventPage> {
  const c = decodeCursor(page.cursor, keyset);
  const after: Prisma.WebhookEventWhereInput = c
    ? { OR: [{ receivedAt: { lt: new Date(c.at) } }, { receivedAt: new Date(c.at), id: { lt: c.id } }] }
    : {};
  const rows = await db.webhookEvent.findMany({
    where: { AND: [webhookWhere(filter), after] },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    select: rowColumns,
  });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    rows: shown.map(view),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.receivedAt.toISOString(), id: last.id }) : null,
  };
}

export async function findWebhookEvent(id: string, db: PrismaClient = prisma()) {
  const row = await db.webhookEvent.findUnique({ where: { id } });
  if (!row) throw new WebhookEventNotFound(`No webhook event ${id}.`);
  return row;
}

export async function webhookEventDetail(id: string, db: PrismaClient = prisma()): Promise<WebhookEventDetail> {
  const row = await findWebhookEvent(id, db);
  const preview = toJsonNode(row.payload);
  return {
    ...view(row),
    payload: preview.node,
    payloadBytes: jsonBytes(row.payload),
    payloadTruncated: preview.truncated,
    lastDuplicateAt: row.lastDuplicateAt?.toISOString() ?? null,
  };
}

/** Events received per hour over the last `hours` (hours without events are absent). */
export async function eventsPerHour(hours = 24, now = Date.now(), db: PrismaClient = prisma()): Promise<{ hour: number; count: number }[]> {
  const since = new Date(now - hours * 3_600_000);
  const rows = await db.$queryRaw<{ hour: Date; count: number }[]>`
    SELECT date_trunc('hour', "receivedAt") AS hour, count(*)::int AS count
    FROM "WebhookEvent" WHERE "receivedAt" >= ${since} GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ hour: r.hour.getTime(), count: r.count }));
}

export async function webhookEventTypes(db: PrismaClient = prisma()): Promise<string[]> {
  const rows = await db.$queryRaw<{ eventType: string }[]>`SELECT DISTINCT "eventType" FROM "WebhookEvent" ORDER BY 1 LIMIT 100`;
  return rows.map((r) => r.eventType);
}
