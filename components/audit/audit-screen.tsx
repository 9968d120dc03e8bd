"use client";
// Who did what, when: every console mutation, newest first, filterable.
import { useState, type FormEvent } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatTime } from "@/components/console/format";
import { Pager } from "@/components/console/pager";
import { Button, Card, PageTitle, QueryView, TableScroll, inputClass, tableClass, tdClass, thClass } from "@/components/console/ui";
import { useCursorPages } from "@/components/console/use-cursor-pages";

interface Filter {
  action?: string;
  actor?: string;
  target?: string;
  from?: string;
  to?: string;
}

export function AuditScreen() {
  const [filter, setFilter] = useState<Filter>({});
  const [draft, setDraft] = useState<Filter>({});
  const [actions, setActions] = useState<string[]>([]);
  const pages = useCursorPages(JSON.stringify(filter));
  const query = { ...filter, cursor: pages.cursor, limit: 50 };
  const log = useLiveQuery({
    queryKey: queryKeys.audit.list(query),
    queryFn: async ({ signal }) => {
      const page = await consoleApi.audit(query, signal);
      if (page.actions) setActions(page.actions);
      return page;
    },
    pollMs: 15_000,
  });
  const set = (k: keyof Filter) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const iso = (v?: string) => (v ? new Date(v).toISOString() : undefined);
    setFilter({ action: draft.action || undefined, actor: draft.actor?.trim() || undefined, target: draft.target?.trim() || undefined, from: iso(draft.from), to: iso(draft.to) });
  }

  return (
    <div className="space-y-5">
      <PageTitle title="Audit log" description="Every change made from the console or the admin CLI." />
      <Card>
        <form onSubmit={submit} aria-label="Filter the audit log" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Action</span>
            <select className={inputClass} value={draft.action ?? ""} onChange={(e) => set("action")(e.target.value)}>
              <option value="">All</option>
              {[...new Set(actions.map((a) => `${a.split(".")[0]}.`))].map((p) => <option key={p} value={p}>{p}*</option>)}
              {actions.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Who</span>
            <input className={inputClass} value={draft.actor ?? ""} onChange={(e) => set("actor")(e.target.value)} placeholder="email" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Target</span>
            <input className={inputClass} value={draft.target ?? ""} onChange={(e) => set("target")(e.target.value)} placeholder="queue:emails" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">From</span>
            <input type="datetime-local" className={inputClass} value={draft.from ?? ""} onChange={(e) => set("from")(e.target.value)} />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">To</span>
            <input type="datetime-local" className={inputClass} value={draft.to ?? ""} onChange={(e) => set("to")(e.target.value)} />
          </label>
          <div className="flex items-end gap-2">
            <Button type="submit" variant="primary">Apply</Button>
            <Button onClick={() => { setDraft({}); setFilter({}); }}>Reset</Button>
          </div>
        </form>
        <QueryView query={log} isEmpty={(d) => d.rows.length === 0} empty="Nothing recorded for this filter.">
          {(d) => (
            <TableScroll label="Audit entries">
              <table className={tableClass} data-testid="audit-table">
                <thead>
                  <tr>{["When", "Who", "Action", "Target", "Details"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.id}>
                      <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(r.at)}</td>
                      <td className={`${tdClass} text-xs break-all`}>{r.actorEmail}</td>
                      <td className={`${tdClass} font-mono text-xs`}>{r.action}</td>
                      <td className={`${tdClass} font-mono text-xs break-all`}>{r.target}</td>
                      <td className={`${tdClass} max-w-md`}>
                        <code className="block max-h-24 overflow-auto text-xs break-all whitespace-pre-wrap">{JSON.stringify(r.details)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
        <Pager page={pages.page} hasPrevious={pages.hasPrevious} nextCursor={log.data?.nextCursor} onPrevious={pages.previous} onNext={pages.next} onFirst={pages.first} label="Audit pages" />
      </Card>
    </div>
  );
}
