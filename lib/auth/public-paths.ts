// The only paths reachable without a session. The proxy lets these through;
// everything else needs a signed-in user. Each entry covers the path and its
// sub-paths ("/api/auth" covers "/api/auth/session", not "/api/authz").
export const PUBLIC_PATHS = [
  "/login",
  "/api/auth", // next-auth's own endpoints: csrf, callback, signout, session
  "/api/health", // load balancer probe, no internals
  "/api/retell/webhook", // authenticated by Retell's signature instead
  "/api/metrics/prometheus", // authenticated by METRICS_TOKEN (bearer) instead
] as const;

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}
