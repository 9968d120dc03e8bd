"use client";
// The monitored tags and recently seen tags: one query (one request per poll)
// shared by the monitoring list and the search's suggestions.
import { formatMinutes } from "@/components/console/format";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";

export const TAGS_POLL_MS = 10_000;

export function useTagList() {
  return useLiveQuery({ queryKey: queryKeys.tags.list, queryFn: ({ signal }) => consoleApi.tags(signal), pollMs: TAGS_POLL_MS });
}

/** How long a monitored tag keeps its jobs (horizon trim.monitored), in words; undefined until loaded. */
export function useKeptFor(): string | undefined {
  const minutes = useTagList().data?.keptMinutes;
  return minutes === undefined ? undefined : formatMinutes(minutes);
}
