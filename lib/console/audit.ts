// The console's audit entries for changes PostgreSQL cannot commit together with their entry
// (Redis: pause, retry, clean, commands…), naming the signed-in user (lib/audit/record-audit.ts).
// Write-ahead: the entry is written first, so no change is ever made without one — PostgreSQL
// down means a 503 and nothing done. Its outcome is added once the change answered: "done" with
// the change's facts, or "failed" with why. A refusal (a 4xx: wrong state, not found) changed
// nothing, so its entry is taken back. PostgreSQL-only changes write their entry in the change's
// own transaction instead (forget, flush, users).
import { prisma } from "../db/client";
import { AppError } from "../http/app-error";
import { logger } from "../logger";
import { recordAudit, type AuditEntry } from "../audit/record-audit";
import type { ConsoleUser } from "../auth/users";

type Details = NonNullable<AuditEntry["details"]>;

export interface AuditedChange<T> {
  action: string;
  target: string;
  /** Facts known before the change (what was asked). */
  details?: Details;
  /** Facts the change reported (counts, the state it came from). */
  facts?: (result: T) => Details;
}

export async function audited<T>(user: ConsoleUser, entry: AuditedChange<T>, change: () => Promise<T>): Promise<T> {
  const { id } = await recordAudit({ id: user.id, email: user.email }, { action: entry.action, target: entry.target, details: { ...entry.details, outcome: "started" } });
  let result: T;
  try {
    result = await change();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) await settle(id, null);
    else await settle(id, { ...entry.details, outcome: "failed", error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await settle(id, { ...entry.details, ...entry.facts?.(result), outcome: "done" });
  return result;
}

/** Records the outcome (null: takes a refused change's entry back). Best effort: the entry stays "started". */
async function settle(id: string, details: Details | null): Promise<void> {
  try {
    if (details) await prisma().auditLog.update({ where: { id }, data: { details: details as object } });
    else await prisma().auditLog.delete({ where: { id } });
  } catch (error) {
    logger.warn({ err: error, auditId: id }, "could not record an audit entry's outcome; it stays 'started'");
  }
}
