"use client";
// Horizon's "Monitoring": the monitored tags with the jobs each keeps. Admins
// start monitoring a tag and stop it (confirmed; both routes write the audit log).
import { useState, type FormEvent } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber, formatTime } from "@/components/console/format";
import { Notice } from "@/components/console/notice";
import { ActionButton, Button, Card, QueryView, TableScroll, inputClass, tableClass, tdClass, thClass } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";
import { TAG_HINT, TAG_PATTERN } from "./tag-input";
import { useKeptFor, useTagList } from "./use-tag-list";

export function MonitoredTags({ onShowJobs }: { onShowJobs: (tag: string) => void }) {
  const canAct = useCanAct();
  const list = useTagList();
  const keptFor = useKeptFor();
  const [draft, setDraft] = useState("");
  const [stopping, setStopping] = useState<{ tag: string; jobs: number } | null>(null);
  const monitor = useAction((tag: string) => consoleApi.monitorTag(tag), {
    invalidate: [queryKeys.tags.all],
    success: (r) => `Monitoring ${r.tag}: ${formatNumber(r.backfilled)} recent jobs copied, new ones are kept as they finish.`,
    onDone: () => setDraft(""),
  });
  const unmonitor = useAction((tag: string) => consoleApi.unmonitorTag(tag), {
    invalidate: [queryKeys.tags.all],
    success: (r) => `Stopped monitoring ${r.tag}: ${formatNumber(r.removed)} kept copies removed.`,
    onDone: () => setStopping(null),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const tag = draft.trim();
    if (!tag || !canAct) return;
    // One notice at a time: the latest action's.
    unmonitor.clear();
    monitor.run(tag);
  }

  return (
    <Card title="Monitored tags">
      <form onSubmit={submit} aria-label="Monitor a tag" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="text-sm sm:w-80">
          <span className="mb-1 block font-medium">Tag to monitor</span>
          <input
            className={inputClass}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="company:12"
            required
            pattern={TAG_PATTERN}
            maxLength={120}
            title={TAG_HINT}
            disabled={!canAct}
          />
        </label>
        <ActionButton type="submit" variant="primary" canAct={canAct} disabled={monitor.pending || !draft.trim()}>
          {monitor.pending ? "Monitoring…" : "Monitor"}
        </ActionButton>
      </form>
      <Notice notice={monitor.notice ?? unmonitor.notice} />
      <QueryView query={list} isEmpty={(d) => d.monitored.length === 0} empty={`No tag is monitored. Monitor one to keep its jobs${keptFor ? ` for ${keptFor}` : ""}.`}>
        {(d) => (
          <TableScroll label="Monitored tags">
            <table className={tableClass} data-testid="monitored-tags">
              <thead>
                <tr>{["Tag", "Jobs kept", "Since", "By", "Actions"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
              </thead>
              <tbody>
                {d.monitored.map((m) => (
                  <tr key={m.tag} data-tag={m.tag}>
                    <td className={`${tdClass} max-w-xs font-mono text-xs break-all`}>{m.tag}</td>
                    <td className={`${tdClass} tabular-nums`}>{formatNumber(m.jobs)}</td>
                    <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(m.since)}</td>
                    <td className={`${tdClass} text-xs break-all`}>{m.by ?? "—"}</td>
                    <td className={tdClass}>
                      <div className="flex flex-wrap gap-2">
                        <Button onClick={() => onShowJobs(m.tag)} aria-label={`Show jobs of ${m.tag}`}>Show jobs</Button>
                        <ActionButton canAct={canAct} variant="danger" onClick={() => setStopping({ tag: m.tag, jobs: m.jobs })} aria-label={`Stop monitoring ${m.tag}`}>
                          Stop monitoring
                        </ActionButton>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryView>
      <ConfirmDialog
        open={!!stopping}
        title="Stop monitoring this tag?"
        danger
        confirmLabel="Stop monitoring"
        busy={unmonitor.pending}
        onClose={() => setStopping(null)}
        onConfirm={() => {
          if (!stopping) return;
          monitor.clear();
          unmonitor.run(stopping.tag);
        }}
      >
        <p>
          <span className="font-mono break-all">{stopping?.tag}</span> keeps {formatNumber(stopping?.jobs ?? 0)} jobs. They are dropped from the
          monitored list now; jobs BullMQ still holds stay searchable until their normal trim.
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">The change is written to the audit log.</p>
      </ConfirmDialog>
    </Card>
  );
}
