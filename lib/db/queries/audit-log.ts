// The Audit log screen's reads: newest first, filterable, keyset-paginated
// on (at, id) so paging stays fast however long the log grows.
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../../console/cursor";
import type { AuditPage } from "../../console/types";
import { prisma, type PrismaClient } from "../client";
import type { Prisma } from "../generated/client";

export interface AuditFilter {
  /** Exact action ("queue.pause") or a dotted prefix ending in "." ("queue."). */
  action?: string;
  actor?: string;
  target?: string;
  from?: Date;
  to?: Date;
}

const keyset = z.object({ at: z.string().datetime(), id: z.string().max(64) });

export function auditWhere(f: AuditFilter): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.action) and.push(f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action });
  if (f.actor) and.push({ actorEmail: { contains: f.actor, mode: "insensitive" } });
  if (f.target) and.push({ target: { contains: f.target, mode: "insensitive" } });
  if (f.from) and.push({ at: { gte: f.from } });
  if (f.to) and.push({ at: { lte: f.to } });
  return and.length ? { AND: and } : {};
}

export async function listAudit(filter: AuditFilter, page: { cursor?: string; limit: number }, db: PrismaClient = prisma()): Promise<AuditPage> {
  const c = decodeCursor(page.cursor, keyset);
  const after: Prisma.AuditLogWhereInput = c ? { OR: [{ at: { lt: new Date(c.at) } }, { at: new Date(c.at), id: { lt: c.id } }] } : {};
  const rows = await db.auditLog.findMany({
    where: { AND: [auditWhere(filter), after] },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    select: { id: true, at: true, actorEmail: true, action: true, target: true, details: true },
  });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    rows: shown.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id }) : null,
  };
}

/** Actions seen, for the filter menu. */
export async function auditActions(db: PrismaClient = prisma()): Promise<string[]> {
  const rows = await db.$queryRaw<{ action: string }[]>`SELECT DISTINCT action FROM "AuditLog" ORDER BY action LIMIT 200`;
  return rows.map((r) => r.action);
}
