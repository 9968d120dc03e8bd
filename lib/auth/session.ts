// Who is asking: the session cookie decoded, then re-checked against the
// database so a disabled (or deleted) user's still-valid cookie stops working
// within SESSION_CACHE_TTL_MS (at once for changes made through user-admin.ts).
// Both steps go through the short-lived memo in session-cache.ts.
import { decode } from "next-auth/jwt";
import { logger } from "../logger";
import type { SessionClaims } from "./options";
import { authSecret } from "./secret";
import { cachedActiveUser, cachedClaims } from "./session-cache";
import { sessionCookieName } from "./session-cookie";
import { findActiveUser, type ConsoleUser } from "./users";

/** The decrypted claims, or null for a missing, forged, expired or foreign-key cookie. */
export async function decodeSessionCookie(value: string | undefined, secret = authSecret()): Promise<SessionClaims | null> {
  if (!value) return null;
  return cachedClaims(value, secret, () => decodeUncached(value, secret));
}

async function decodeUncached(value: string, secret: string): Promise<SessionClaims | null> {
  try {
    const claims = (await decode({ token: value, secret })) as SessionClaims | null;
    return claims?.sub ? claims : null;
  } catch {
    return null;
  }
}

export function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/** The signed-in, enabled user behind a cookie value, or null. Database errors propagate (→ 503/500), never "signed out". */
export async function userFromSessionCookie(value: string | undefined): Promise<ConsoleUser | null> {
  const claims = await decodeSessionCookie(value);
  if (!claims?.sub) return null;
  const sub = claims.sub;
  const user = await cachedActiveUser(sub, () => findActiveUser(sub));
  if (!user) logger.info({ userId: claims.sub }, "session refused: user disabled or removed");
  return user;
}

/** From a route handler's Request (works outside Next's request scope too, e.g. in tests). */
export function userFromRequest(req: Request): Promise<ConsoleUser | null> {
  return userFromSessionCookie(cookieFromHeader(req.headers.get("cookie"), sessionCookieName()));
}

/** From the current request in a server component, layout or server action. */
export async function currentUser(): Promise<ConsoleUser | null> {
  const { cookies } = await import("next/headers");
  return userFromSessionCookie((await cookies()).get(sessionCookieName())?.value);
}
