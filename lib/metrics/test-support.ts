// Helpers for the metrics/ops integration tests (not used by production code).
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { authSecret } from "../auth/secret";
import { sessionCookieName } from "../auth/session-cookie";
import { createUser } from "../auth/users";
import { prisma } from "../db/client";

export { sleep, waitFor, uniqueName } from "../queue/test-support";

export interface TestUser {
  id: string;
  email: string;
  /** Cookie header value carrying a valid session for this user. */
  cookie: string;
}

/** A real user row (unique email) plus a session cookie for it, as next-auth would issue. */
export async function signedInUser(role: "ADMIN" | "VIEWER"): Promise<TestUser> {
  const email = `metrics-${role.toLowerCase()}-${randomUUID().slice(0, 8)}@switchyard.test`;
  const user = await createUser({ email, password: `pw-${randomUUID()}`, role });
  const token = await encode({ token: { sub: user.id, email: user.email, role }, secret: authSecret() });
  return { id: user.id, email: user.email, cookie: `${sessionCookieName()}=${token}` };
}

/** Removes the users this file created (and nothing else). */
export async function removeUsers(users: TestUser[]): Promise<void> {
  await prisma().user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
}

export function get(url: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1:3100${url}`, { headers });
}
