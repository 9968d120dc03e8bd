// The session cookie: one name and one set of attributes shared by next-auth,
// the proxy and the guards, so they can never disagree about which cookie to read.
import { env } from "../env";

/** Sessions last a working day; signing in again after that is cheap. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Secure when asked (SECURE_COOKIES, e.g. behind a TLS proxy) or when the public URL is https. */
export function useSecureCookies(): boolean {
  const { SECURE_COOKIES, NEXTAUTH_URL } = env();
  return SECURE_COOKIES ?? NEXTAUTH_URL?.startsWith("https://") ?? false;
}

export function sessionCookieName(secure = useSecureCookies()): string {
  // The __Secure- prefix makes browsers refuse the cookie unless it was set over https with Secure.
  return `${secure ? "__Secure-" : ""}switchyard.session-token`;
}

export function sessionCookieOptions(secure = useSecureCookies()) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
}
