// When to restart a process that exited on its own: at once the first time,
// then doubling up to a ceiling while it keeps crashing, so a process that
// cannot start (bad code, missing service) never spins in a tight loop. A run
// that lasted long enough counts as healthy and resets the backoff.

export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
}

/** A run at least this long resets the crash count. */
export const HEALTHY_RUN_MS = 30_000;

/** Delay before restart number `crashes` (1 = first crash in a row). */
export function restartDelayMs(crashes: number, backoff: RestartBackoff): number {
  if (crashes <= 1) return 0;
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (crashes - 2));
}

/** Crash count after a process that ran `ranMs` exited unexpectedly. */
export function nextCrashCount(previous: number, ranMs: number): number {
  return ranMs >= HEALTHY_RUN_MS ? 1 : previous + 1;
}
