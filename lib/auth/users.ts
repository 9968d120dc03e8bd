// Reads and writes of console users. Route handlers, the admin CLI and the
// sign-in flow all go through here, so emails are normalized in one place.
import { z } from "zod";
import { prisma, type PrismaClient } from "../db/client";
import type { Role } from "../db/client";
import { hashPassword } from "./password";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "not a valid email address" }));

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What the app knows about a signed-in user; never includes the hash. */
export interface ConsoleUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export interface UserRow extends ConsoleUser {
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

/** A client or a transaction: anything with the user delegate. */
export type UserDb = Pick<PrismaClient, "user">;

const publicColumns = { id: true, email: true, name: true, role: true, disabled: true, lastLoginAt: true, createdAt: true } as const;

export async function findUserForSignIn(email: string, db: UserDb = prisma()) {
  return db.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  });
}

/** The per-request re-check behind every guard: one primary-key lookup of four columns. */
export async function findActiveUser(id: string, db: UserDb = prisma()): Promise<ConsoleUser | null> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, disabled: true } });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function findUserByEmail(email: string, db: UserDb = prisma()): Promise<UserRow | null> {
  return db.user.findUnique({ where: { email: normalizeEmail(email) }, select: publicColumns });
}

export async function listUsers(db: UserDb = prisma()): Promise<UserRow[]> {
  return db.user.findMany({ select: publicColumns, orderBy: [{ role: "asc" }, { email: "asc" }] });
}

export async function countActiveAdmins(db: UserDb = prisma()): Promise<number> {
  return db.user.count({ where: { role: "ADMIN", disabled: false } });
}

export async function createUser(
  input: { email: string; password: string; role: Role; name?: string | null },
  db: UserDb = prisma(),
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  return db.user.create({
    data: { email: normalizeEmail(input.email), name: input.name ?? null, role: input.role, passwordHash },
    select: publicColumns,
  });
}

export async function setPassword(email: string, password: string, db: UserDb = prisma()): Promise<UserRow> {
  const passwordHash = await hashPassword(password);
  return db.user.update({ where: { email: normalizeEmail(email) }, data: { passwordHash }, select: publicColumns });
}

export async function updateUser(
  email: string,
  data: { role?: Role; disabled?: boolean },
  db: UserDb = prisma(),
): Promise<UserRow> {
  return db.user.update({ where: { email: normalizeEmail(email) }, data, select: publicColumns });
}

export async function recordSignIn(id: string, db: UserDb = prisma()): Promise<void> {
  await db.user.update({ where: { id }, data: { lastLoginAt: new Date() }, select: { id: true } });
}
