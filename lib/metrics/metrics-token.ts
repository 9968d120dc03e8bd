// Who may scrape /api/metrics/prometheus: a bearer token equal to METRICS_TOKEN.
// Without a configured token the endpoint does not exist (404), so a deployment
// never exposes queue internals by forgetting a variable. Pure.
import { createHash, timingSafeEqual } from "node:crypto";

export type ScrapeVerdict = "allowed" | "not_found" | "unauthorized";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function checkScrapeToken(authorization: string | null, configured: string | undefined): ScrapeVerdict {
  if (!configured) return "not_found";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return "unauthorized";
  // Equal-length digests: the comparison time says nothing about the token.
  return timingSafeEqual(digest(match[1]), digest(configured)) ? "allowed" : "unauthorized";
}
