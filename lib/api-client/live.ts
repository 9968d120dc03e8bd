"use client";
// Live data without piling up requests. React Query's refetchInterval never
// starts a poll while the previous one for the same key is still in flight (a
// due poll joins the running request), and the interval is re-read after every
// answer: POLL_MS while the tab is visible, HIDDEN_FACTOR times slower while it
// is hidden (polling goes on, slowly, so a tab left open stays roughly current).
import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";

export const POLL_MS = 5_000;
export const HIDDEN_FACTOR = 6;

/** Pure: the next poll delay for a visibility state. */
export function pollDelay(visibility: DocumentVisibilityState | undefined, baseMs = POLL_MS): number {
  return visibility === "hidden" ? baseMs * HIDDEN_FACTOR : baseMs;
}

export function liveInterval(baseMs = POLL_MS): () => number {
  return () => pollDelay(typeof document === "undefined" ? undefined : document.visibilityState, baseMs);
}

export function useLiveQuery<T>(
  options: Omit<UseQueryOptions<T, Error, T, QueryKey>, "refetchInterval" | "refetchIntervalInBackground"> & { pollMs?: number | false },
) {
  const { pollMs = POLL_MS, ...rest } = options;
  return useQuery<T, Error, T, QueryKey>({
    ...rest,
    refetchInterval: pollMs === false ? false : liveInterval(pollMs),
    refetchIntervalInBackground: pollMs !== false,
  });
}
