// CSRF defence for mutations: a state-changing request must come from our own
// origin. Browsers send Origin on every cross-origin POST and Sec-Fetch-Site on
// every request, so a cross-site form post or fetch is recognised and refused.
// Requests with neither header are not from a browser (curl, scripts) and carry
// no ambient cookies a third site could abuse. See docs/SECURITY.md.

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutation(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export interface OriginFacts {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  /** Origins this app answers on: the request's own host and NEXTAUTH_URL's origin. */
  allowedOrigins: string[];
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

export function checkSameOrigin(facts: OriginFacts): OriginVerdict {
  if (!isMutation(facts.method)) return { ok: true };
  if (facts.secFetchSite && facts.secFetchSite !== "same-origin") {
    return { ok: false, reason: `cross-site request refused (Sec-Fetch-Site: ${facts.secFetchSite})` };
  }
  if (facts.origin !== null) {
    if (!facts.allowedOrigins.includes(facts.origin)) return { ok: false, reason: `cross-site request refused (Origin: ${facts.origin})` };
  }
  return { ok: true };
}

/** The origins a request may legitimately come from, read off its headers. */
export function allowedOriginsFor(headers: Headers, requestUrl: string, publicUrl?: string): string[] {
  const origins = new Set<string>();
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(requestUrl).protocol.replace(":", "");
  for (const host of [headers.get("x-forwarded-host")?.split(",")[0]?.trim(), headers.get("host")]) {
    if (host) origins.add(`${proto}://${host}`);
  }
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return [...origins];
}
