// `npm run admin -- ensure`, run by npm start/dev/test on every start: make sure
// someone can sign in as an admin, without ever overwriting a password that
// an operator may have changed since.
import type { PrismaClient } from "../db/generated/client";
import { prisma } from "../db/client";
import type { AuditActor } from "../audit/record-audit";
import { generatePassword } from "./password";
import { UserExists } from "./user-errors";
import { createUserAudited } from "./user-admin";
import { countActiveAdmins, findUserByEmail } from "./users";

export const DEFAULT_ADMIN_EMAIL = "admin@localhost";

export type EnsureAdminResult =
  | { type: "exists"; email: string; passwordIgnored: boolean }
  | { type: "others-exist"; email: string; admins: number }
  | { type: "created"; email: string; generatedPassword?: string }
  | { type: "not-admin"; email: string; role: string; disabled: boolean; admins: number };

export interface EnsureAdminInput {
  /** ADMIN_EMAIL when set. */
  email?: string;
  /** ADMIN_PASSWORD when set. */
  password?: string;
}

/**
 * - ADMIN_EMAIL's account is an enabled admin → nothing to do (ADMIN_PASSWORD is not applied).
 * - It does not exist and ADMIN_EMAIL was set explicitly, or no enabled admin exists at all →
 *   create it with ADMIN_PASSWORD, or a generated password returned to print once.
 * - Otherwise (other admins exist; or the account exists as a viewer / disabled) → leave it and say so.
 */
export async function ensureAdmin(input: EnsureAdminInput, actor: AuditActor, db: PrismaClient = prisma()): Promise<EnsureAdminResult> {
  const email = input.email ?? DEFAULT_ADMIN_EMAIL;
  const admins = await countActiveAdmins(db);
  const user = await findUserByEmail(email, db);
  if (user) {
    if (user.role === "ADMIN" && !user.disabled) return { type: "exists", email: user.email, passwordIgnored: Boolean(input.password) };
    return { type: "not-admin", email: user.email, role: user.role, disabled: user.disabled, admins };
  }
  if (admins > 0 && input.email === undefined) return { type: "others-exist", email, admins };
  const generatedPassword = input.password ? undefined : generatePassword();
  try {
    const created = await createUserAudited({ email, password: input.password ?? generatedPassword!, role: "ADMIN" }, actor, db);
    return { type: "created", email: created.email, generatedPassword };
  } catch (error) {
    // Two starts racing (e.g. two `npm test` runs): the other one created it.
    if (error instanceof UserExists) return { type: "exists", email, passwordIgnored: Boolean(input.password) };
    throw error;
  }
}
