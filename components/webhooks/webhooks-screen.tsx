"use client";
// Stored Retell events: filter by type, call id and duplicates; events and
// signature failures per hour.
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatDuration, formatTime } from "@/components/console/format";
import { Pager } from "@/components/console/pager";
import { Badge, Button, Card, PageTitle, QueryView, TableScroll, inputClass, linkClass, tableClass, tdClass, thClass } from "@/components/console/ui";
import { useCursorPages } from "@/components/console/use-cursor-pages";
import { HourBars } from "./hour-bars";

interface Filter {
  eventType?: string;
  callId?: string;
  duplicates?: boolean;
}

export function WebhooksScreen() {
  const [filter, setFilter] = useState<Filter>({});
  const [draft, setDraft] = useState<Filter>({});
  const pages = useCursorPages(JSON.stringify(filter));
  const stats = useLiveQuery({ queryKey: queryKeys.webhooks.stats, queryFn: ({ signal }) => consoleApi.webhookStats(signal), pollMs: 30_000 });
  const query = { eventType: filter.eventType, callId: filter.callId, duplicates: filter.duplicates ? "1" : undefined, cursor: pages.cursor, limit: 50 };
  const events = useLiveQuery({ queryKey: queryKeys.webhooks.list(query), queryFn: ({ signal }) => consoleApi.webhookEvents(query, signal) });

  function submit(e: FormEvent) {
    e.preventDefault();
    setFilter({ eventType: draft.eventType || undefined, callId: draft.callId?.trim() || undefined, duplicates: draft.duplicates || undefined });
  }

  return (
    <div className="space-y-5">
      <PageTitle title="Webhooks" description="Retell deliveries stored after processing, once per event (late duplicates only raise the count)." />
      <Card>
        <QueryView query={stats}>
          {(s) => (
            <div className="grid gap-5 md:grid-cols-2">
              <HourBars hours={s.eventsPerHour} label="Events stored" />
              {s.signatureFailuresPerHour ? (
                <HourBars hours={s.signatureFailuresPerHour} label="Signature failures" tone="red" />
              ) : (
                <p className="text-sm text-zinc-500">Signature failures per hour could not be read from Redis just now.</p>
              )}
            </div>
          )}
        </QueryView>
      </Card>
      <Card>
        <form onSubmit={submit} aria-label="Filter webhook events" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-4">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Event type</span>
            <select className={inputClass} value={draft.eventType ?? ""} onChange={(e) => setDraft((d) => ({ ...d, eventType: e.target.value }))}>
              <option value="">All</option>
              {(stats.data?.eventTypes ?? []).map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Call id</span>
            <input className={inputClass} value={draft.callId ?? ""} onChange={(e) => setDraft((d) => ({ ...d, callId: e.target.value }))} />
          </label>
          <label className="flex items-end gap-2 text-sm">
            <input type="checkbox" checked={!!draft.duplicates} onChange={(e) => setDraft((d) => ({ ...d, duplicates: e.target.checked }))} />
            Only delivered more than once
          </label>
          <div className="flex items-end gap-2">
            <Button type="submit" variant="primary">Apply</Button>
            <Button onClick={() => { setDraft({}); setFilter({}); }}>Reset</Button>
          </div>
        </form>
        <QueryView query={events} isEmpty={(d) => d.rows.length === 0} empty="No events match.">
          {(d) => (
            <TableScroll label="Webhook events">
              <table className={tableClass}>
                <thead>
                  <tr>{["Event", "Call", "Received", "Processed", "Duplicates"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.id}>
                      <td className={tdClass}>
                        <Link className={linkClass} href={`/webhooks/${encodeURIComponent(r.id)}`}>{r.eventType}</Link>
                        {!r.handled ? <span className="ml-2"><Badge>not acted on</Badge></span> : null}
                      </td>
                      <td className={`${tdClass} font-mono text-xs break-all`}>{r.callId ?? "—"}</td>
                      <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(r.receivedAt)}</td>
                      <td className={`${tdClass} whitespace-nowrap text-xs`}>
                        {r.processedAt ? `after ${formatDuration(Date.parse(r.processedAt) - Date.parse(r.receivedAt))}` : "—"}
                      </td>
                      <td className={`${tdClass} tabular-nums`}>{r.duplicateCount ? <Badge tone="amber">{r.duplicateCount}</Badge> : "0"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
        <Pager page={pages.page} hasPrevious={pages.hasPrevious} nextCursor={events.data?.nextCursor} onPrevious={pages.previous} onNext={pages.next} onFirst={pages.first} label="Event pages" />
      </Card>
    </div>
  );
}
