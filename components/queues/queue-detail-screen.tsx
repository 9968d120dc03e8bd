"use client";
// One queue: counts per state, jobs of a state a page at a time (cursor),
// search by id / name / payload text, pause/resume, clean, and per-job actions.
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { CLEANABLE_STATES, type CleanableState, type JobRow, type ListedState } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber } from "@/components/console/format";
import { Notice } from "@/components/console/notice";
import { Pager } from "@/components/console/pager";
import { ActionButton, Badge, Button, Card, PageTitle, QueryView, inputClass } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";
import { useCursorPages } from "@/components/console/use-cursor-pages";
import { CleanDialog } from "./clean-dialog";
import { JobTable, type RowAction } from "./job-table";
import { StateTabs } from "./state-tabs";

type Field = "id" | "name" | "payload";

function SearchForm({ onSearch, active }: { onSearch: (s: { q: string; field: Field } | null) => void; active: boolean }) {
  const [q, setQ] = useState("");
  const [field, setField] = useState<Field>("id");
  function submit(e: FormEvent) {
    e.preventDefault();
    onSearch(q.trim() ? { q: q.trim(), field } : null);
  }
  return (
    <form role="search" onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <label className="text-sm">
        <span className="sr-only">Search by</span>
        <select className={inputClass} value={field} onChange={(e) => setField(e.target.value as Field)} aria-label="Search by">
          <option value="id">Job id</option>
          <option value="name">Job name</option>
          <option value="payload">Payload text</option>
        </select>
      </label>
      <label className="min-w-40 flex-1 text-sm">
        <span className="sr-only">Search text</span>
        <input className={inputClass} value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search this state…" aria-label="Search text" />
      </label>
      <Button type="submit" variant="primary">Search</Button>
      {active ? (
        <Button
          onClick={() => {
            setQ("");
            onSearch(null);
          }}
        >
          Clear
        </Button>
      ) : null}
    </form>
  );
}

export function QueueDetailScreen({ name, initialState }: { name: string; initialState: ListedState }) {
  const router = useRouter();
  const canAct = useCanAct();
  const panelId = useId();
  const [state, setState] = useState<ListedState>(initialState);
  const [search, setSearch] = useState<{ q: string; field: Field } | null>(null);
  const [cleaning, setCleaning] = useState(false);
  const [removing, setRemoving] = useState<JobRow | null>(null);
  const pages = useCursorPages(`${state}|${search?.field}|${search?.q}`);

  const queue = useLiveQuery({ queryKey: queryKeys.queues.detail(name), queryFn: ({ signal }) => consoleApi.queue(name, signal) });
  const jobs = useLiveQuery({
    queryKey: queryKeys.queues.jobs(name, state, pages.cursor, search ?? undefined),
    queryFn: ({ signal }) => consoleApi.jobs(name, { state, cursor: pages.cursor, limit: 25, ...(search ?? {}) }, signal),
    // A search scans up to 10,000 jobs per request: do not repeat it every few seconds.
    pollMs: search ? false : undefined,
  });

  const invalidate = [queryKeys.queues.detail(name), ["queues", name, "jobs"], queryKeys.dashboard];
  const pauseAction = useAction((paused: boolean) => (paused ? consoleApi.resume(name) : consoleApi.pause(name)), {
    invalidate,
    success: (_r, paused) => (paused ? `Resumed ${name}: workers take its jobs again.` : `Paused ${name}: running jobs finish, no new ones start.`),
  });
  const jobAction = useAction(({ row, action }: { row: JobRow; action: RowAction }) => consoleApi.jobAction(name, row.id, action), {
    invalidate,
    success: (_r, { row, action }) => `${action === "retry" ? "Retried" : action === "promote" ? "Promoted" : "Removed"} job ${row.id}.`,
  });

  function changeState(s: ListedState) {
    setState(s);
    router.replace(`/queues/${encodeURIComponent(name)}?state=${s}`, { scroll: false });
  }

  const paused = queue.data?.paused ?? false;
  const cleanState: CleanableState = (CLEANABLE_STATES as readonly string[]).includes(state) ? (state as CleanableState) : "completed";

  return (
    <div className="space-y-5">
      <PageTitle
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {name}
            {paused ? <Badge tone="amber">paused</Badge> : null}
            {queue.data && !queue.data.configured ? <Badge tone="indigo">not in config</Badge> : null}
          </span>
        }
        description={queue.data ? `Workers: ${queue.data.workers} · supervisors: ${queue.data.supervisors.join(", ") || "none"}` : undefined}
        actions={
          <>
            <ActionButton canAct={canAct && !!queue.data} disabled={pauseAction.pending} variant={paused ? "primary" : "secondary"} onClick={() => pauseAction.run(paused)}>
              {paused ? "Resume" : "Pause"}
            </ActionButton>
            <ActionButton canAct={canAct} variant="danger" onClick={() => setCleaning(true)}>
              Clean…
            </ActionButton>
          </>
        }
      />
      <Notice notice={pauseAction.notice ?? jobAction.notice} />
      <Card>
        <StateTabs value={state} counts={queue.data?.counts} onChange={changeState} panelId={panelId} />
        <div id={panelId} role="tabpanel" aria-labelledby={`tab-${state}`} className="pt-4">
          {state === "paused" && !paused ? (
            <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">This queue is running; its waiting jobs are under “waiting”.</p>
          ) : null}
          <SearchForm active={!!search} onSearch={setSearch} />
          <div className="mt-3">
            <QueryView query={jobs} isEmpty={(d) => d.rows.length === 0} empty={search ? "No job matches." : `No ${state} jobs.`}>
              {(data) => (
                <>
                  <p className="mb-2 text-xs text-zinc-500">
                    {search
                      ? `${formatNumber(data.rows.length)} match${data.rows.length === 1 ? "" : "es"} · looked at ${formatNumber(data.scanned ?? 0)} of ${formatNumber(data.total)} jobs${data.exhausted ? "" : " (Next looks further)"}`
                      : `${formatNumber(data.total)} ${state} job${data.total === 1 ? "" : "s"}`}
                  </p>
                  <JobTable queue={name} rows={data.rows} canAct={canAct} busy={jobAction.pending} onAction={(row, action) => (action === "remove" ? setRemoving(row) : jobAction.run({ row, action }))} />
                </>
              )}
            </QueryView>
            <Pager
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={jobs.data?.nextCursor}
              onPrevious={pages.previous}
              onNext={pages.next}
              onFirst={pages.first}
              label="Job pages"
            />
          </div>
        </div>
      </Card>
      <ConfirmDialog
        open={!!removing}
        title="Remove job"
        danger
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) jobAction.run({ row: removing, action: "remove" });
          setRemoving(null);
        }}
      >
        <p>
          Remove job <span className="font-mono">{removing?.id}</span> ({removing?.name}) from {name}? Its data, logs and result are deleted; this cannot be undone.
        </p>
      </ConfirmDialog>
      {cleaning ? <CleanDialog queue={name} open={cleaning} initialState={cleanState} onClose={() => setCleaning(false)} /> : null}
    </div>
  );
}
