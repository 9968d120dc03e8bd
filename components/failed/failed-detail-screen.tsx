"use client";
// One archived failure: the error, its group, stack, payload (preview, "load
// all"), and retry / forget. A retried row shows the job it became.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatTime } from "@/components/console/format";
import { JsonView } from "@/components/console/json-view";
import { Notice } from "@/components/console/notice";
import { ActionButton, Badge, Card, PageTitle, QueryView, linkClass } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";

export function FailedDetailScreen({ uuid }: { uuid: string }) {
  const router = useRouter();
  const canAct = useCanAct();
  const [confirmForget, setConfirmForget] = useState(false);
  const row = useLiveQuery({ queryKey: queryKeys.failed.detail(uuid), queryFn: ({ signal }) => consoleApi.failedDetail(uuid, signal), pollMs: 15_000 });
  const retry = useAction(() => consoleApi.retryOne(uuid), {
    invalidate: [queryKeys.failed.all, queryKeys.dashboard],
    success: (r) => `Retried: enqueued as job ${r.jobId} on ${r.queue}.`,
  });
  const forget = useAction(() => consoleApi.forget(uuid), {
    invalidate: [queryKeys.failed.all],
    onDone: () => router.push("/failed"),
    success: () => "Forgotten.",
  });
  const d = row.data;
  return (
    <div className="space-y-5">
      <PageTitle
        title={
          <span className="inline-flex flex-wrap items-center gap-2 break-all">
            {d?.jobName ?? "Failed job"}
            {d ? <Badge tone="red">{d.exceptionClass}</Badge> : null}
            {d?.retriedAt ? <Badge tone="green">retried</Badge> : null}
          </span>
        }
        description={d ? `${d.queue} · job #${d.jobId} · failed ${formatTime(d.failedAt)}` : uuid}
        actions={
          <>
            <ActionButton canAct={canAct && !!d && !d.retriedAt} disabled={retry.pending} variant="primary" onClick={() => retry.run(undefined)}>
              Retry
            </ActionButton>
            <ActionButton canAct={canAct && !!d} disabled={forget.pending} variant="danger" onClick={() => setConfirmForget(true)}>
              Forget
            </ActionButton>
          </>
        }
      />
      <Notice notice={retry.notice ?? forget.notice} />
      <QueryView query={row}>
        {(data) => (
          <div className="space-y-5">
            <Card title="Error">
              <p className="break-words text-sm text-red-700 dark:text-red-400" data-testid="failed-message">{data.message}</p>
              <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                <dt className="font-medium text-zinc-600 dark:text-zinc-400">Group</dt>
                <dd className="break-all font-mono text-xs">{data.errorGroup}</dd>
                <dt className="font-medium text-zinc-600 dark:text-zinc-400">Why it stopped</dt>
                <dd>{data.failReason.replace(/_/g, " ")} after {data.attempts} attempt{data.attempts === 1 ? "" : "s"}</dd>
                <dt className="font-medium text-zinc-600 dark:text-zinc-400">Connection</dt>
                <dd>{data.connection}</dd>
                {data.retriedAt ? (
                  <>
                    <dt className="font-medium text-zinc-600 dark:text-zinc-400">Retried</dt>
                    <dd>
                      {formatTime(data.retriedAt)} by {data.retriedBy ?? "—"}
                      {data.retriedJobId ? (
                        <>
                          {" as "}
                          <Link className={linkClass} href={`/jobs/${encodeURIComponent(data.queue)}/${encodeURIComponent(data.retriedJobId)}`}>job {data.retriedJobId}</Link>
                        </>
                      ) : null}
                    </dd>
                  </>
                ) : null}
              </dl>
              {data.stack ? (
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium">Stack trace</summary>
                  <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-50 p-3 text-xs whitespace-pre-wrap break-all dark:bg-zinc-950">{data.stack}</pre>
                </details>
              ) : null}
            </Card>
            <Card title="Payload">
              <JsonView
                node={data.payload}
                truncated={data.payloadTruncated}
                bytes={data.payloadBytes}
                loadAll={() => consoleApi.failedPayload(uuid)}
                rawHref={`/api/failed-jobs/${uuid}/payload`}
              />
            </Card>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={confirmForget}
        title="Forget failed job"
        danger
        confirmLabel="Forget"
        onClose={() => setConfirmForget(false)}
        onConfirm={() => {
          setConfirmForget(false);
          forget.run(undefined);
        }}
      >
        <p>Delete this archived failure? It cannot be retried afterwards.</p>
      </ConfirmDialog>
    </div>
  );
}
