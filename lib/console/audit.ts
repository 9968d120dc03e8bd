// The console's audit entries: one row per mutation, written after the change
// succeeded, naming the signed-in user (lib/audit/record-audit.ts).
import { recordAudit, type AuditEntry } from "../audit/record-audit";
import type { ConsoleUser } from "../auth/users";

export async function audit(user: ConsoleUser, action: string, target: string, details?: AuditEntry["details"]): Promise<void> {
  await recordAudit({ id: user.id, email: user.email }, { action, target, details });
}
