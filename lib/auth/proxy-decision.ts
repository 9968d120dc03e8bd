// What the proxy does with a request, as a pure function of the path and
// whether the request carries a valid session cookie (no database here:
// that re-check is the guard's job).
import { isApiPath, isPublicPath } from "./public-paths";

/** Request header the proxy sets so server components know the path being rendered (for ?next= on a later redirect). */
export const PATH_HEADER = "x-switchyard-path";

/** Response header marking answers the proxy gave itself (so tests can tell them from a handler's). */
export const GATE_HEADER = "x-switchyard-gate";

export type ProxyDecision =
  | { type: "next" }
  | { type: "redirect"; location: string }
  | { type: "unauthenticated" };

export function decideProxy(input: { pathname: string; search: string; hasSession: boolean }): ProxyDecision {
  const { pathname, search, hasSession } = input;
  if (hasSession || isPublicPath(pathname)) return { type: "next" };
  if (isApiPath(pathname)) return { type: "unauthenticated" };
  return { type: "redirect", location: loginPath(pathname + search) };
}

export function loginPath(next?: string, error?: string): string {
  const params = new URLSearchParams();
  if (next && next !== "/") params.set("next", next);
  if (error) params.set("error", error);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/**
 * Where to go after signing in: only a same-site path, never "//host",
 * "/\\host" or "https://host" (an open redirect would hand a phishing page our login).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(next)) return "/";
  if (next === "/login" || next.startsWith("/login?") || next.startsWith("/api/")) return "/";
  return next;
}
