// The e2e accounts. The admin comes from the test env (created by `admin ensure`
// when `npm test` prepares); the viewer and disabled accounts are made here.
import { createPrisma } from "../lib/db/client";
import { hashPassword } from "../lib/auth/password";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and vitest
import { testEnv } from "../scripts/test-env.mjs";

export const ADMIN = { email: testEnv.ADMIN_EMAIL as string, password: testEnv.ADMIN_PASSWORD as string };
export const VIEWER = { email: "e2e-viewer@switchyard.test", password: "e2e-viewer-password" };
export const DISABLED = { email: "e2e-disabled@switchyard.test", password: "e2e-disabled-password" };

type Role = "ADMIN" | "VIEWER";

/** Creates or resets an account to exactly this password, role and state. */
export async function upsertUser(email: string, password: string, role: Role, disabled = false): Promise<void> {
  const db = createPrisma();
  try {
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { email },
      create: { email, passwordHash, role, disabled },
      update: { passwordHash, role, disabled },
    });
  } finally {
    await db.$disconnect();
  }
}

export async function setDisabled(email: string, disabled: boolean): Promise<void> {
  const db = createPrisma();
  try {
    await db.user.update({ where: { email }, data: { disabled } });
  } finally {
    await db.$disconnect();
  }
}

export async function removeUser(email: string): Promise<void> {
  const db = createPrisma();
  try {
    await db.user.deleteMany({ where: { email } });
  } finally {
    await db.$disconnect();
  }
}

export async function adminExists(): Promise<boolean> {
  const db = createPrisma();
  try {
    const admin = await db.user.findUnique({ where: { email: ADMIN.email } });
    return Boolean(admin && admin.role === "ADMIN" && !admin.disabled);
  } finally {
    await db.$disconnect();
  }
}
