// The audit trail: every console mutation writes one AuditLog row saying who
// did what to which target. Reads for the Audit log screen come later (issue 9).
import { userInfo } from "node:os";
import type { PrismaClient } from "../db/client";
import { prisma } from "../db/client";

export interface AuditActor {
  id: string | null;
  email: string;
}

export interface AuditEntry {
  /** Dotted verb, e.g. "queue.pause", "failed-job.retry", "user.disable". */
  action: string;
  /** What it was done to, e.g. "queue:emails", "job:default/123", "user:ops@example.com". */
  target: string;
  /** Small JSON facts (counts, filters, previous values) — never secrets or whole payloads. */
  details?: Record<string, unknown>;
}

/** Writes the row; `db` may be a transaction client so the audit entry commits with the change. */
export async function recordAudit(
  actor: AuditActor,
  entry: AuditEntry,
  db: Pick<PrismaClient, "auditLog"> = prisma(),
): Promise<{ id: string; at: Date }> {
  return db.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      target: entry.target,
      details: (entry.details ?? {}) as object,
    },
    select: { id: true, at: true },
  });
}

/** The actor for changes made from the command line (scripts/admin.ts). */
export function cliActor(): AuditActor {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { id: null, email: `cli:${name}` };
}
