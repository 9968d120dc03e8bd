"use client";
// Failed jobs from the PostgreSQL archive: filter, group by normalized error,
// retry one / selected / all matching (dry-run preview, chunked with a
// progress bar), forget one, flush with confirmation.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { consoleApi, type FailedFilterInput } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import type { FailedJobRowView } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber } from "@/components/console/format";
import { Notice } from "@/components/console/notice";
import { Pager } from "@/components/console/pager";
import { ActionButton, Badge, Button, Card, PageTitle, QueryView } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";
import { useCursorPages } from "@/components/console/use-cursor-pages";
import { BulkRetryDialog, type Selection } from "./bulk-retry-dialog";
import { FailedFilters } from "./failed-filters";
import { FailedRowsTable, GroupsTable } from "./failed-tables";
import { FlushDialog } from "./flush-dialog";

type View = "groups" | "rows";

function describe(f: FailedFilterInput): string {
  const parts = [f.queue && `queue ${f.queue}`, f.jobName, f.exceptionClass, f.errorGroup && `“${f.errorGroup}”`, f.q && `“${f.q}”`].filter(Boolean);
  return parts.length ? parts.join(", ") : "all failed jobs";
}

export function FailedScreen() {
  const canAct = useCanAct();
  const [filter, setFilter] = useState<FailedFilterInput>({});
  const [view, setView] = useState<View>("groups");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<Selection | null>(null);
  const [flushing, setFlushing] = useState(false);
  const [forgetting, setForgetting] = useState<FailedJobRowView | null>(null);
  const filterKey = JSON.stringify(filter);
  const pages = useCursorPages(filterKey);
  const query = useMemo(() => ({ ...filter }), [filter]);

  const groups = useLiveQuery({ queryKey: queryKeys.failed.groups(query), queryFn: ({ signal }) => consoleApi.failedGroups(query, signal), enabled: view === "groups", pollMs: 15_000 });
  const rows = useLiveQuery({
    queryKey: queryKeys.failed.list({ ...query, cursor: pages.cursor }),
    queryFn: ({ signal }) => consoleApi.failedList({ ...query, cursor: pages.cursor, limit: 50 }, signal),
    enabled: view === "rows",
  });
  const facets = useQuery({ queryKey: queryKeys.failed.facets, queryFn: ({ signal }) => consoleApi.failedFacets(signal), staleTime: 60_000 });

  const invalidate = [queryKeys.failed.all, queryKeys.dashboard];
  const retryOne = useAction((r: FailedJobRowView) => consoleApi.retryOne(r.uuid), {
    invalidate,
    success: (res, r) => `Retried ${r.jobName} #${r.jobId} as job ${res.jobId} on ${res.queue}.`,
  });
  const forget = useAction((r: FailedJobRowView) => consoleApi.forget(r.uuid), { invalidate, success: (_x, r) => `Forgot ${r.jobName} #${r.jobId}.` });

  function apply(f: FailedFilterInput) {
    setFilter(f);
    setSelected(new Set());
  }

  const toggle = (uuid: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(uuid)) next.delete(uuid);
      else next.add(uuid);
      return next;
    });

  return (
    <div className="space-y-5">
      <PageTitle
        title="Failed jobs"
        description="Jobs that failed for good, from the archive. Retry re-enqueues the original payload."
        actions={
          <>
            <ActionButton canAct={canAct} variant="primary" onClick={() => setBulk({ kind: "filter", filter, label: describe(filter) })}>
              Retry all matching…
            </ActionButton>
            <ActionButton canAct={canAct} variant="danger" onClick={() => setFlushing(true)}>
              Flush…
            </ActionButton>
          </>
        }
      />
      <Card>
        <FailedFilters key={filterKey} value={filter} onApply={apply} />
      </Card>
      <Notice notice={retryOne.notice ?? forget.notice} />
      <Card
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span role="group" aria-label="View" className="inline-flex overflow-hidden rounded-md border border-zinc-300 text-sm dark:border-zinc-700">
              {(["groups", "rows"] as const).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)} className={`px-3 py-1 ${view === v ? "bg-indigo-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
                  {v === "groups" ? "Grouped by error" : "All failures"}
                </button>
              ))}
            </span>
            {filter.errorGroup ? (
              <Badge tone="indigo">
                group: {filter.exceptionClass} — {filter.errorGroup}
              </Badge>
            ) : null}
            {filter.errorGroup ? <Button variant="ghost" onClick={() => apply({ ...filter, errorGroup: undefined, exceptionClass: undefined })}>Clear group</Button> : null}
          </span>
        }
        actions={
          view === "rows" && selected.size ? (
            <ActionButton canAct={canAct} variant="primary" onClick={() => setBulk({ kind: "uuids", uuids: [...selected], label: `${selected.size} selected` })}>
              Retry selected ({selected.size})…
            </ActionButton>
          ) : undefined
        }
      >
        {view === "groups" ? (
          <QueryView query={groups} isEmpty={(d) => d.groups.length === 0} empty="No failed jobs match.">
            {(data) => (
              <>
                <p className="mb-2 text-xs text-zinc-500">
                  {formatNumber(data.total)} failure{data.total === 1 ? "" : "s"} in {formatNumber(data.groups.length)} group{data.groups.length === 1 ? "" : "s"}
                </p>
                <GroupsTable
                  groups={data.groups}
                  canAct={canAct}
                  onShow={(g) => {
                    apply({ ...filter, exceptionClass: g.exceptionClass, errorGroup: g.errorGroup });
                    setView("rows");
                  }}
                  onRetry={(g) => {
                    const f = { ...filter, exceptionClass: g.exceptionClass, errorGroup: g.errorGroup };
                    setBulk({ kind: "filter", filter: f, label: `“${g.errorGroup}”` });
                  }}
                />
              </>
            )}
          </QueryView>
        ) : (
          <>
            <QueryView query={rows} isEmpty={(d) => d.rows.length === 0} empty="No failed jobs match.">
              {(data) => (
                <FailedRowsTable
                  rows={data.rows}
                  selected={selected}
                  onToggle={toggle}
                  onToggleAll={(on) => setSelected((s) => {
                    const next = new Set(s);
                    for (const r of data.rows) if (on) next.add(r.uuid); else next.delete(r.uuid);
                    return next;
                  })}
                  canAct={canAct}
                  busy={retryOne.pending || forget.pending}
                  onRetry={(r) => retryOne.run(r)}
                  onForget={setForgetting}
                />
              )}
            </QueryView>
            <Pager page={pages.page} hasPrevious={pages.hasPrevious} nextCursor={rows.data?.nextCursor} onPrevious={pages.previous} onNext={pages.next} onFirst={pages.first} label="Failed job pages" />
          </>
        )}
      </Card>
      {bulk ? (
        <BulkRetryDialog
          selection={bulk}
          onClose={() => {
            setBulk(null);
            setSelected(new Set());
          }}
        />
      ) : null}
      {flushing ? <FlushDialog queue={filter.queue} queues={facets.data?.queues ?? []} onClose={() => setFlushing(false)} /> : null}
      <ConfirmDialog
        open={!!forgetting}
        title="Forget failed job"
        danger
        confirmLabel="Forget"
        onClose={() => setForgetting(null)}
        onConfirm={() => {
          if (forgetting) forget.run(forgetting);
          setForgetting(null);
        }}
      >
        <p>
          Delete the archived failure of {forgetting?.jobName} #{forgetting?.jobId}? It cannot be retried afterwards.
        </p>
      </ConfirmDialog>
    </div>
  );
}
