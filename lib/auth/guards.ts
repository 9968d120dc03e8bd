// The guard every route handler calls (the proxy is only the first gate).
// VIEWERs read; ADMINs read and act.
import { Forbidden, Unauthenticated } from "../http/app-error";
import type { ConsoleUser } from "./users";
import { currentUser, userFromRequest } from "./session";

export type AuthLevel = "viewer" | "admin";

/** Pure: does this user meet the level? Throws the AppError the response should carry. */
export function assertAllowed(user: ConsoleUser | null, level: AuthLevel): ConsoleUser {
  if (!user) throw new Unauthenticated();
  if (level === "admin" && user.role !== "ADMIN") throw new Forbidden();
  return user;
}

async function resolve(req?: Request): Promise<ConsoleUser | null> {
  return req ? userFromRequest(req) : currentUser();
}

/** Any signed-in, enabled user. Pass the Request in route handlers; omit it in server components. */
export async function requireViewer(req?: Request): Promise<ConsoleUser> {
  return assertAllowed(await resolve(req), "viewer");
}

/** A signed-in, enabled ADMIN. */
export async function requireAdmin(req?: Request): Promise<ConsoleUser> {
  return assertAllowed(await resolve(req), "admin");
}

export async function requireLevel(level: AuthLevel, req?: Request): Promise<ConsoleUser> {
  return assertAllowed(await resolve(req), level);
}
