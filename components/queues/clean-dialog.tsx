"use client";
// Clean one state of a queue: first "affects N jobs", then, once confirmed,
// repeated throttled requests (each removes chunks for ~1.5 s) with a progress
// bar until the server says done. Stop halts between requests. What the clean
// leaves (a job scheduler's next run, jobs a worker holds) is said, not hidden.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { queryKeys } from "@/lib/api-client/query-keys";
import { CLEANABLE_STATES, type CleanableState } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber } from "@/components/console/format";
import { ProgressBar } from "@/components/console/progress-bar";
import { ErrorNote, inputClass } from "@/components/console/ui";

export function CleanDialog({ queue, open, initialState, onClose }: { queue: string; open: boolean; initialState: CleanableState; onClose: () => void }) {
  const [state, setState] = useState<CleanableState>(initialState);
  const [run, setRun] = useState<{ removed: number; total: number; remaining: number; done: boolean; error?: unknown } | null>(null);
  const stop = useRef(false);
  const client = useQueryClient();
  const preview = useQuery({
    queryKey: queryKeys.queues.cleanPreview(queue, state),
    queryFn: ({ signal }) => consoleApi.cleanPreview(queue, state, signal),
    enabled: open && !run,
    staleTime: 0,
  });
  const running = !!run && !run.done;

  async function start() {
    const total = preview.data?.affects ?? 0;
    stop.current = false;
    setRun({ removed: 0, total, remaining: total, done: false });
    let removed = 0;
    try {
      for (;;) {
        const r = await consoleApi.clean(queue, state);
        removed += r.removed;
        setRun({ removed, total: Math.max(total, removed + r.remaining), remaining: r.remaining, done: r.done });
        // A call that removed nothing and is not done would be repeated identically (and audited) forever.
        if (r.done || stop.current || r.removed === 0) break;
      }
      setRun((cur) => (cur ? { ...cur, done: true } : cur));
    } catch (error) {
      setRun({ removed, total, remaining: total - removed, done: true, error });
    }
    await client.invalidateQueries({ queryKey: queryKeys.queues.detail(queue) });
    await client.invalidateQueries({ queryKey: queryKeys.dashboard });
  }

  function close() {
    if (running) {
      stop.current = true;
      return;
    }
    setRun(null);
    onClose();
  }

  const affects = preview.data?.affects;
  return (
    <ConfirmDialog
      open={open}
      title={`Clean ${queue}`}
      confirmLabel={run?.done ? "Close" : affects ? `Remove ${formatNumber(affects)} jobs` : "Remove"}
      danger={!run?.done}
      cancelLabel={running ? "Stop" : run?.done ? "Close" : "Cancel"}
      confirmDisabled={running || (!run?.done && !affects)}
      onConfirm={run?.done ? close : start}
      onClose={close}
    >
      <label className="block">
        <span className="text-sm font-medium">State</span>
        <select className={`${inputClass} mt-1`} value={state} disabled={!!run} onChange={(e) => setState(e.target.value as CleanableState)}>
          {CLEANABLE_STATES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      </label>
      {preview.error ? <ErrorNote error={preview.error} /> : null}
      {!run ? (
        <p data-testid="clean-affects">
          {affects === undefined ? "Counting…" : `Affects ${preview.data?.exact ? "" : "up to "}${formatNumber(affects)} job${affects === 1 ? "" : "s"}.`} They are
          deleted from Redis in small chunks, so workers and other requests keep running meanwhile. A job scheduler&apos;s next run is kept. This cannot be undone.
        </p>
      ) : (
        <div className="space-y-2">
          <ProgressBar value={run.total ? (run.removed / run.total) * 100 : 100} label="Cleaning" tone="red" />
          <p aria-live="polite">
            Removed {formatNumber(run.removed)} of {formatNumber(run.total)}
            {run.done ? (stop.current ? " — stopped." : " — done.") : "…"}
            {run.done && !stop.current && !run.error && run.remaining > 0 ? ` ${formatNumber(run.remaining)} left that this clean could not remove (added meanwhile, or refused by BullMQ).` : null}
          </p>
          {run.error ? <ErrorNote error={run.error} /> : null}
          {running ? <p className="text-xs text-zinc-500">Cancel stops after the current chunk.</p> : null}
        </div>
      )}
    </ConfirmDialog>
  );
}
