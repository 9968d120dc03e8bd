// Calls console route handlers directly, as Next would: a Request with the
// session cookie next-auth would have set for a real (test-created) user, and
// the dynamic params as a promise. Users and their audit rows are removed again.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { closeConsoleRedis } from "@/lib/console/redis";
import { closeQueues } from "@/lib/queue";
import { authSecret } from "@/lib/auth/secret";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import type { GuardedHandler } from "@/lib/http/route";

export const ORIGIN = "http://127.0.0.1:3100";

export interface TestUser {
  id: string;
  email: string;
  role: "ADMIN" | "VIEWER";
  cookie: string;
}

const created: string[] = [];

export async function createUser(role: "ADMIN" | "VIEWER"): Promise<TestUser> {
  const email = `console-${role.toLowerCase()}-${randomUUID().slice(0, 8)}@switchyard.test`;
  const user = await prisma().user.create({ data: { email, role, passwordHash: "not-a-real-hash" }, select: { id: true } });
  created.push(user.id);
  const token = await encode({ token: { sub: user.id, email, role }, secret: authSecret() });
  return { id: user.id, email, role, cookie: `${sessionCookieName()}=${token}` };
}

export async function removeUsers(): Promise<void> {
  if (!created.length) return;
  await prisma().auditLog.deleteMany({ where: { actorId: { in: created } } });
  await prisma().user.deleteMany({ where: { id: { in: created } } });
  created.length = 0;
}

/** The end of a console test file: its users go, and the process's Redis connections close. */
export async function closeConsoleTest(): Promise<void> {
  await removeUsers();
  await closeQueues();
  await closeConsoleRedis();
}

export interface CallOptions {
  user?: TestUser | null;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function call<T = any>(handler: GuardedHandler, method: string, path: string, o: CallOptions = {}): Promise<CallResult<T>> {
  const url = new URL(path, ORIGIN);
  for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { host: "127.0.0.1:3100", ...o.headers };
  if (o.user) headers.cookie = o.user.cookie;
  if (method !== "GET") {
    headers.origin ??= ORIGIN;
    headers["sec-fetch-site"] ??= "same-origin";
  }
  if (o.body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(url, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  const text = res.status === 204 ? "" : await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}

/** The audit rows a user wrote, oldest first. */
export async function auditOf(user: TestUser) {
  return prisma().auditLog.findMany({ where: { actorId: user.id }, orderBy: { at: "asc" } });
}
