"use client";
// One job: its timeline, payload (preview, "load all"), options, attempts,
// progress, logs, stack trace per failed attempt, relations, and actions.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { toJsonNode } from "@/lib/console/json-node";
import type { JobDetail } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatDuration, formatTime } from "@/components/console/format";
import { JsonView } from "@/components/console/json-view";
import { Notice } from "@/components/console/notice";
import { ActionButton, Badge, Card, PageTitle, QueryView, linkClass, stateTone } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";

const STEP_LABEL: Record<string, string> = {
  created: "Created", delayed: "Delayed", waited: "Waited", waiting: "Waiting", ran: "Ran", running: "Running", completed: "Completed", failed: "Failed",
};

function Timeline({ job }: { job: JobDetail }) {
  return (
    <ol className="flex flex-wrap gap-2" aria-label="Timeline">
      {job.timeline.map((s, i) => (
        <li key={`${s.step}-${i}`} className="flex items-center gap-2">
          <div className={`rounded-lg border px-3 py-2 text-sm ${s.step === "failed" ? "border-red-300 dark:border-red-800" : "border-zinc-200 dark:border-zinc-700"}`}>
            <div className="font-medium">{STEP_LABEL[s.step] ?? s.step}</div>
            <div className="text-xs text-zinc-500">{formatTime(s.at)}</div>
            {s.durationMs !== null && s.step !== "created" && s.step !== "completed" && s.step !== "failed" ? (
              <div className="text-xs tabular-nums">{formatDuration(s.durationMs)}</div>
            ) : null}
          </div>
          {i < job.timeline.length - 1 ? <span aria-hidden className="text-zinc-400">→</span> : null}
        </li>
      ))}
    </ol>
  );
}

function Facts({ job }: { job: JobDetail }) {
  const rows: [string, React.ReactNode][] = [
    ["Queue", <Link key="q" className={linkClass} href={`/queues/${encodeURIComponent(job.queue)}`}>{job.queue}</Link>],
    ["Attempts", `${job.attemptsMade} made · ${job.attemptsStarted} started${job.maxAttempts ? ` · ${job.maxAttempts} allowed` : ""}`],
    ["Progress", typeof job.progress === "number" ? `${job.progress} %` : JSON.stringify(job.progress)],
  ];
  if (job.parent) rows.push(["Parent", <Link key="p" className={linkClass} href={`/jobs/${encodeURIComponent(job.parent.queue)}/${encodeURIComponent(job.parent.id)}`}>{`${job.parent.queue} #${job.parent.id}`}</Link>]);
  const c = job.children;
  if (c.processed + c.unprocessed + c.failed + c.ignored > 0) rows.push(["Children", `${c.processed} done · ${c.unprocessed} pending · ${c.failed} failed · ${c.ignored} ignored`]);
  if (job.batchId) rows.push(["Batch", <Link key="b" className={linkClass} href={`/batches/${encodeURIComponent(job.batchId)}`}>{job.batchId}</Link>]);
  if (job.chain) rows.push(["Chain", JSON.stringify(job.chain)]);
  if (job.failedJobUuid) rows.push(["Archived failure", <Link key="f" className={linkClass} href={`/failed/${job.failedJobUuid}`}>{job.failedJobUuid}</Link>]);
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">{k}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Failure({ job }: { job: JobDetail }) {
  if (!job.failedReason && !job.stacktrace.length) return null;
  return (
    <Card title="Failure">
      {job.failedReason ? <p className="mb-3 break-words text-sm text-red-700 dark:text-red-400">{job.failedReason}</p> : null}
      {job.stacktrace.map((trace, i) => (
        <details key={i} className="mb-2" open={i === job.stacktrace.length - 1}>
          <summary className="cursor-pointer text-sm font-medium">Stack trace, attempt {i + 1 + Math.max(0, job.attemptsMade - job.stacktrace.length)}</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-50 p-3 text-xs whitespace-pre-wrap break-all dark:bg-zinc-950">{trace}</pre>
        </details>
      ))}
    </Card>
  );
}

export function JobDetailScreen({ queue, id }: { queue: string; id: string }) {
  const router = useRouter();
  const canAct = useCanAct();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const job = useLiveQuery({ queryKey: queryKeys.jobs.detail(queue, id), queryFn: ({ signal }) => consoleApi.job(queue, id, signal), pollMs: 10_000 });
  const action = useAction((a: "retry" | "remove" | "promote") => consoleApi.jobAction(queue, id, a), {
    invalidate: [queryKeys.jobs.detail(queue, id), queryKeys.queues.detail(queue)],
    success: (_r, a) => (a === "retry" ? "Retried: the job is waiting again." : a === "promote" ? "Promoted: the job is waiting now." : "Removed."),
    onDone: (_r, a) => {
      if (a === "remove") router.push(`/queues/${encodeURIComponent(queue)}`);
    },
  });
  const state = job.data?.state;
  return (
    <div className="space-y-5">
      <PageTitle
        title={
          <span className="inline-flex flex-wrap items-center gap-2 break-all">
            {job.data?.name ?? `Job ${id}`}
            {state ? <Badge tone={stateTone(state)}>{state}</Badge> : null}
          </span>
        }
        description={`${queue} · job #${id}`}
        actions={
          <>
            {state === "failed" || state === "completed" ? (
              <ActionButton canAct={canAct} disabled={action.pending} variant="primary" onClick={() => action.run("retry")}>Retry</ActionButton>
            ) : null}
            {state === "delayed" ? <ActionButton canAct={canAct} disabled={action.pending} onClick={() => action.run("promote")}>Promote</ActionButton> : null}
            {state && state !== "active" ? (
              <ActionButton canAct={canAct} disabled={action.pending} variant="danger" onClick={() => setConfirmRemove(true)}>Remove</ActionButton>
            ) : null}
          </>
        }
      />
      <Notice notice={action.notice} />
      <QueryView query={job}>
        {(data) => (
          <div className="space-y-5">
            <Card title="Timeline">
              <Timeline job={data} />
            </Card>
            <div className="grid gap-5 lg:grid-cols-2">
              <Card title="Details">
                <Facts job={data} />
              </Card>
              <Card title="Options">
                <JsonView node={toJsonNode({ opts: data.opts, meta: data.meta }).node} label="Options and meta" />
              </Card>
            </div>
            <Card title="Payload">
              <JsonView
                node={data.payload}
                truncated={data.payloadTruncated}
                bytes={data.payloadBytes}
                loadAll={() => consoleApi.jobPayload(queue, id)}
                rawHref={`/api/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}/payload`}
              />
            </Card>
            <Failure job={data} />
            {data.returnValue ? (
              <Card title="Result">
                <JsonView node={data.returnValue} label="Return value" />
              </Card>
            ) : null}
            <Card title={`Logs (${data.logs.count})`}>
              {data.logs.lines.length ? (
                <pre className="max-h-80 overflow-auto rounded-md bg-zinc-50 p-3 text-xs whitespace-pre-wrap break-all dark:bg-zinc-950">{data.logs.lines.join("\n")}</pre>
              ) : (
                <p className="text-sm text-zinc-500">No log lines.</p>
              )}
            </Card>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={confirmRemove}
        title="Remove job"
        danger
        confirmLabel="Remove"
        onClose={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          action.run("remove");
        }}
      >
        <p>Remove job #{id} from {queue}? Its data, logs and result are deleted; this cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
