"use client";
// Bulk retry: the dry run first ("retry 412, skip 17 permanent failures"),
// then chunks of 50 rows, one request after the other, with a progress bar;
// Stop halts between chunks. The runtime skips what it must (and says why).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { consoleApi, type FailedFilterInput } from "@/lib/api-client/console-api";
import { queryKeys } from "@/lib/api-client/query-keys";
import type { RetryPreview } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber } from "@/components/console/format";
import { ProgressBar } from "@/components/console/progress-bar";
import { ErrorNote } from "@/components/console/ui";

export type Selection = { kind: "filter"; filter: FailedFilterInput; label: string } | { kind: "uuids"; uuids: string[]; label: string };

interface Run {
  processed: number;
  retried: number;
  skipped: Record<string, number>;
  done: boolean;
  stopped: boolean;
  error?: unknown;
}

/** "retry 412, skip 17 permanent failures and 2 with too many attempts". Pure. */
export function previewSentence(p: RetryPreview): string {
  const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;
  const skips = [
    p.skip.permanent_failure ? plural(p.skip.permanent_failure, "permanent failure", "permanent failures") : null,
    p.skip.too_many_attempts ? `${formatNumber(p.skip.too_many_attempts)} with too many attempts` : null,
  ].filter(Boolean);
  return `retry ${formatNumber(p.retry)}, skip ${skips.length ? skips.join(" and ") : "none"}`;
}

const previewQuery = (s: Selection) => (s.kind === "uuids" ? { uuids: s.uuids.join(",") } : { ...s.filter });

export function BulkRetryDialog({ selection, onClose }: { selection: Selection; onClose: () => void }) {
  const client = useQueryClient();
  const [run, setRun] = useState<Run | null>(null);
  const stop = useRef(false);
  const preview = useQuery({
    queryKey: queryKeys.failed.preview(previewQuery(selection)),
    queryFn: ({ signal }) => consoleApi.retryPreview(previewQuery(selection), signal),
    staleTime: 0,
  });
  const running = !!run && !run.done;
  const total = preview.data?.total ?? 0;

  async function start() {
    stop.current = false;
    const state: Run = { processed: 0, retried: 0, skipped: {}, done: false, stopped: false };
    setRun({ ...state });
    let cursor: string | undefined;
    try {
      for (;;) {
        const r = await consoleApi.retryChunk(selection.kind === "uuids" ? { uuids: selection.uuids, cursor } : { filter: selection.filter, cursor });
        state.processed += r.processed;
        state.retried += r.retried;
        for (const s of r.skipped) {
          const reason = s.reason.split(":")[0];
          state.skipped[reason] = (state.skipped[reason] ?? 0) + 1;
        }
        state.done = r.done;
        cursor = r.nextCursor ?? undefined;
        if (stop.current && !r.done) {
          state.done = true;
          state.stopped = true;
        }
        setRun({ ...state });
        if (state.done) break;
      }
    } catch (error) {
      setRun({ ...state, done: true, error });
    }
    await client.invalidateQueries({ queryKey: queryKeys.failed.all });
    await client.invalidateQueries({ queryKey: queryKeys.dashboard });
  }

  const p = preview.data;
  return (
    <ConfirmDialog
      open
      title={`Retry ${selection.label}`}
      confirmLabel={run?.done ? "Close" : p ? `Retry ${formatNumber(p.retry)}` : "Retry"}
      confirmDisabled={running || (!run && (!p || p.retry === 0))}
      cancelLabel={running ? "Stop" : run?.done ? "Close" : "Cancel"}
      onConfirm={run?.done ? onClose : start}
      onClose={() => (running ? (stop.current = true) : onClose())}
    >
      {preview.error ? <ErrorNote error={preview.error} onRetry={() => preview.refetch()} /> : null}
      {!p && !preview.error ? <p>Working out what a retry would do…</p> : null}
      {p && !run ? (
        <div data-testid="retry-preview">
          <p className="font-medium">Dry run: {previewSentence(p)}.</p>
          {p.alreadyRetried ? <p>{formatNumber(p.alreadyRetried)} of the selected rows were retried before and are left alone.</p> : null}
          <p className="text-zinc-600 dark:text-zinc-400">
            Each job is enqueued again with its original payload, {formatNumber(total)} rows in chunks of 50. Retried rows leave the failed list.
          </p>
        </div>
      ) : null}
      {run ? (
        <div className="space-y-2">
          <ProgressBar value={total ? (run.processed / total) * 100 : 100} label="Retrying" />
          <p aria-live="polite" data-testid="retry-progress">
            {formatNumber(run.processed)} of {formatNumber(total)} processed · {formatNumber(run.retried)} retried
            {Object.entries(run.skipped).map(([reason, n]) => ` · ${formatNumber(n)} skipped (${reason.replace(/_/g, " ")})`)}
            {run.done ? (run.stopped ? " — stopped." : " — done.") : "…"}
          </p>
          {run.error ? <ErrorNote error={run.error} /> : null}
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
