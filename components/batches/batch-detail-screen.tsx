"use client";
// One batch: progress, counts, callbacks, its failed jobs, retry failed, cancel.
import Link from "next/link";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber, formatTime } from "@/components/console/format";
import { Notice } from "@/components/console/notice";
import { ProgressBar } from "@/components/console/progress-bar";
import { ActionButton, Card, Empty, PageTitle, QueryView, Stat, linkClass } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";
import { BatchBadge } from "./batch-status";

export function BatchDetailScreen({ id }: { id: string }) {
  const canAct = useCanAct();
  const [confirm, setConfirm] = useState<"cancel" | "retry" | null>(null);
  const query = useLiveQuery({ queryKey: queryKeys.batches.detail(id), queryFn: ({ signal }) => consoleApi.batch(id, signal), pollMs: 2_000 });
  const invalidate = [queryKeys.batches.all];
  const retry = useAction(() => consoleApi.batchRetryFailed(id), {
    invalidate,
    success: (r) => `Retried ${r.retried.length} job${r.retried.length === 1 ? "" : "s"}${r.notRetried.length ? `; ${r.notRetried.length} could not be (their jobs are gone)` : ""}.`,
  });
  const cancel = useAction(() => consoleApi.batchCancel(id), {
    invalidate,
    success: (r) => (r.alreadyCancelled ? "The batch was already cancelled." : "Cancelled: jobs that have not started will skip their work."),
  });
  const b = query.data?.batch;
  return (
    <div className="space-y-5">
      <PageTitle
        title={<span className="inline-flex flex-wrap items-center gap-2 break-words">{b?.name ?? `Batch ${id}`}{b ? <BatchBadge batch={b} /> : null}</span>}
        description={b ? `${b.queue} · created ${formatTime(b.createdAt)}${b.finishedAt ? ` · finished ${formatTime(b.finishedAt)}` : ""}` : id}
        actions={
          <>
            <ActionButton canAct={canAct && !!b && b.failedJobs > 0 && !b.cancelled} disabled={retry.pending} variant="primary" onClick={() => setConfirm("retry")}>Retry failed…</ActionButton>
            <ActionButton canAct={canAct && !!b && !b.finished && !b.cancelled} disabled={cancel.pending} variant="danger" onClick={() => setConfirm("cancel")}>Cancel…</ActionButton>
          </>
        }
      />
      <Notice notice={retry.notice ?? cancel.notice} />
      <QueryView query={query}>
        {({ batch }) => (
          <div className="space-y-5">
            <Card title="Progress">
              <ProgressBar value={batch.progress} label={`Progress of ${batch.name}`} tone={batch.failedJobs ? "red" : batch.finished ? "green" : "indigo"} />
              <div className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-5">
                <Stat label="Total" value={formatNumber(batch.totalJobs)} />
                <Stat label="Succeeded" value={formatNumber(batch.succeededJobs)} />
                <Stat label="Pending" value={formatNumber(batch.pendingJobs)} />
                <Stat label="Failed" value={formatNumber(batch.failedJobs)} />
                <Stat label="Skipped (cancelled)" value={formatNumber(batch.cancelledJobs)} />
              </div>
              {batch.firstError ? (
                <p className="mt-3 break-words text-sm text-red-700 dark:text-red-400">First error (job {batch.firstError.jobId}): {batch.firstError.message}</p>
              ) : null}
            </Card>
            <Card title="Callbacks">
              {Object.keys(batch.callbacks).length ? (
                <ul className="space-y-1 text-sm">
                  {Object.entries(batch.callbacks).map(([kind, c]) => (
                    <li key={kind}>
                      <span className="font-medium">{kind}</span>: {c?.name}{" "}
                      <span className="text-zinc-500">{c?.doneAt ? `ran ${formatTime(c.doneAt)}` : c?.claimedBy ? "running" : "not triggered"}{c?.error ? ` — ${c.error}` : ""}</span>
                    </li>
                  ))}
                </ul>
              ) : <Empty>No callbacks.</Empty>}
            </Card>
            <Card title={`Failed jobs (${formatNumber(batch.failedJobIds.length)})`}>
              {batch.failedJobIds.length ? (
                <ul className="flex flex-wrap gap-2 text-sm">
                  {batch.failedJobIds.slice(0, 500).map((jobId) => (
                    <li key={jobId}>
                      <Link className={`${linkClass} font-mono text-xs`} href={`/jobs/${encodeURIComponent(batch.queue)}/${encodeURIComponent(jobId)}`}>{jobId}</Link>
                    </li>
                  ))}
                </ul>
              ) : <Empty>No failed jobs.</Empty>}
            </Card>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={!!confirm}
        title={confirm === "cancel" ? "Cancel batch" : "Retry failed jobs"}
        danger={confirm === "cancel"}
        confirmLabel={confirm === "cancel" ? "Cancel batch" : `Retry ${formatNumber(b?.failedJobs ?? 0)}`}
        cancelLabel="Back"
        onClose={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm === "cancel") cancel.run(undefined);
          else retry.run(undefined);
          setConfirm(null);
        }}
      >
        <p>
          {confirm === "cancel"
            ? "Jobs of this batch that have not started will skip their work. Running jobs finish. This cannot be undone."
            : "The batch's failed jobs run again with their original payloads; the counters move back first."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
