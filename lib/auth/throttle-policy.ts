// How many failed sign-ins an email+IP pair gets, and what we tell the person
// who hit the limit. Pure: the Redis side lives in login-throttle.ts.

/** Failed sign-ins allowed per email+IP within any sliding window of WINDOW_MS. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 60_000;

/** Seconds until the oldest failure in the window ages out (at least 1, so "0 seconds" is never shown). */
export function retryAfterSeconds(oldestFailureMs: number, nowMs: number, windowMs = WINDOW_MS): number {
  return Math.max(1, Math.ceil((oldestFailureMs + windowMs - nowMs) / 1000));
}

export function throttledMessage(seconds: number): string {
  const wait = seconds === 1 ? "1 second" : `${seconds} seconds`;
  return `Too many failed sign-in attempts for this email. Try again in ${wait}.`;
}

/**
 * The client address a throttle counts against. Next copies the socket
 * address into x-forwarded-for only when the header is absent, and a reverse
 * proxy appends the address it saw, so the last entry is the one a trusted
 * proxy wrote (see docs/SECURITY.md for direct exposure).
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}
