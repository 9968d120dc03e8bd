// User administration with its audit entries: used by scripts/admin.ts (and
// later by a users screen). Each change and its AuditLog row commit together.
import { Prisma, type PrismaClient } from "../db/generated/client";
import { prisma } from "../db/client";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { AdminRole } from "./admin-cli-args";
import { invalidateSessionUser } from "./session-cache";
import { LastAdmin, UserExists, UserNotFound } from "./user-errors";
import { countActiveAdmins, createUser, findUserByEmail, setPassword, updateUser, type UserRow } from "./users";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function existing(email: string, db: PrismaClient): Promise<UserRow> {
  const user = await findUserByEmail(email, db);
  if (!user) throw new UserNotFound(email);
  return user;
}

export async function createUserAudited(
  input: { email: string; password: string; role: AdminRole; name?: string | null },
  actor: AuditActor,
  db: PrismaClient = prisma(),
): Promise<UserRow> {
  try {
    return await db.$transaction(async (tx) => {
      const user = await createUser(input, tx);
      await recordAudit(actor, { action: "user.create", target: `user:${user.email}`, details: { role: user.role } }, tx);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserExists(input.email);
    throw error;
  }
}

export async function changePassword(email: string, password: string, actor: AuditActor, db: PrismaClient = prisma()): Promise<UserRow> {
  await existing(email, db);
  return db.$transaction(async (tx) => {
    const user = await setPassword(email, password, tx);
    await recordAudit(actor, { action: "user.set-password", target: `user:${user.email}` }, tx);
    return user;
  });
}

export async function setDisabled(
  email: string,
  disabled: boolean,
  actor: AuditActor,
  options: { force?: boolean } = {},
  db: PrismaClient = prisma(),
): Promise<{ user: UserRow; changed: boolean }> {
  const before = await existing(email, db);
  if (before.disabled === disabled) return { user: before, changed: false };
  if (disabled && before.role === "ADMIN" && !options.force && (await countActiveAdmins(db)) <= 1) throw new LastAdmin(before.email);
  const user = await db.$transaction(async (tx) => {
    const updated = await updateUser(email, { disabled }, tx);
    await recordAudit(actor, { action: disabled ? "user.disable" : "user.enable", target: `user:${updated.email}` }, tx);
    return updated;
  });
  // This process's guards must not serve the old answer for the rest of the cache TTL.
  invalidateSessionUser(user.id);
  return { user, changed: true };
}
