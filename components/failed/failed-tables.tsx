"use client";
// The two views of the failed-job archive: groups by normalized error, and
// the rows themselves (selectable, with per-row retry / forget).
import Link from "next/link";
import type { FailedGroup, FailedJobRowView } from "@/lib/console/types";
import { formatAgo, formatNumber, formatTime } from "@/components/console/format";
import { ActionButton, Badge, Button, TableScroll, linkClass, tableClass, tdClass, thClass } from "@/components/console/ui";

export function GroupsTable({
  groups,
  canAct,
  onShow,
  onRetry,
}: {
  groups: FailedGroup[];
  canAct: boolean;
  onShow: (g: FailedGroup) => void;
  onRetry: (g: FailedGroup) => void;
}) {
  return (
    <TableScroll label="Failure groups">
      <table className={tableClass} data-testid="failed-groups">
        <thead>
          <tr>
            <th scope="col" className={thClass}>Error</th>
            <th scope="col" className={`${thClass} text-right`}>Count</th>
            <th scope="col" className={thClass}>First seen</th>
            <th scope="col" className={thClass}>Last seen</th>
            <th scope="col" className={thClass}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.exceptionClass}|${g.errorGroup}`}>
              <td className={`${tdClass} max-w-xl`}>
                <Badge tone="red">{g.exceptionClass}</Badge>
                <p className="mt-1 break-words font-mono text-xs">{g.errorGroup}</p>
                {g.sample ? (
                  <p className="mt-1 text-xs text-zinc-500">
                    Latest: <Link className={linkClass} href={`/failed/${g.sample.uuid}`}>{g.sample.jobName}</Link> on {g.sample.queue} —{" "}
                    <span className="break-words">{g.sample.message}</span>
                  </p>
                ) : null}
              </td>
              <td className={`${tdClass} text-right font-semibold tabular-nums`}>{formatNumber(g.count)}</td>
              <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(g.firstSeen)}</td>
              <td className={`${tdClass} whitespace-nowrap text-xs`}>
                {formatTime(g.lastSeen)}
                <div className="text-zinc-500">{formatAgo(g.lastSeen)}</div>
              </td>
              <td className={`${tdClass} whitespace-nowrap text-right`}>
                <div className="inline-flex gap-1">
                  <Button onClick={() => onShow(g)}>Show</Button>
                  <ActionButton canAct={canAct} onClick={() => onRetry(g)}>Retry group…</ActionButton>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function FailedRowsTable({
  rows,
  selected,
  onToggle,
  onToggleAll,
  canAct,
  busy,
  onRetry,
  onForget,
}: {
  rows: FailedJobRowView[];
  selected: Set<string>;
  onToggle: (uuid: string) => void;
  onToggleAll: (on: boolean) => void;
  canAct: boolean;
  busy: boolean;
  onRetry: (row: FailedJobRowView) => void;
  onForget: (row: FailedJobRowView) => void;
}) {
  const all = rows.length > 0 && rows.every((r) => selected.has(r.uuid));
  return (
    <TableScroll label="Failed jobs">
      <table className={tableClass} data-testid="failed-rows">
        <thead>
          <tr>
            <th scope="col" className={thClass}>
              <input type="checkbox" aria-label="Select all on this page" checked={all} disabled={!canAct} onChange={(e) => onToggleAll(e.target.checked)} />
            </th>
            <th scope="col" className={thClass}>Job</th>
            <th scope="col" className={thClass}>Error</th>
            <th scope="col" className={`${thClass} text-right`}>Attempts</th>
            <th scope="col" className={thClass}>Failed</th>
            <th scope="col" className={thClass}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.uuid} data-uuid={r.uuid}>
              <td className={tdClass}>
                <input type="checkbox" aria-label={`Select ${r.jobName} ${r.jobId}`} checked={selected.has(r.uuid)} disabled={!canAct} onChange={() => onToggle(r.uuid)} />
              </td>
              <td className={`${tdClass} max-w-[14rem]`}>
                <Link className={`${linkClass} break-all`} href={`/failed/${r.uuid}`}>{r.jobName}</Link>
                <div className="text-xs text-zinc-500 break-all">{r.queue} · #{r.jobId}</div>
                {r.retriedAt ? <Badge tone="green">retried</Badge> : null}
              </td>
              <td className={`${tdClass} max-w-xl`}>
                <Badge tone="red">{r.exceptionClass}</Badge>
                <p className="mt-1 break-words text-xs">{r.message}</p>
              </td>
              <td className={`${tdClass} text-right tabular-nums`}>{r.attempts}</td>
              <td className={`${tdClass} whitespace-nowrap text-xs`}>
                {formatTime(r.failedAt)}
                <div className="text-zinc-500">{formatAgo(r.failedAt)}</div>
              </td>
              <td className={`${tdClass} whitespace-nowrap text-right`}>
                <div className="inline-flex gap-1">
                  <ActionButton canAct={canAct && !r.retriedAt} disabled={busy} onClick={() => onRetry(r)} aria-label={`Retry ${r.jobName} ${r.jobId}`}>Retry</ActionButton>
                  <ActionButton canAct={canAct} disabled={busy} variant="danger" onClick={() => onForget(r)} aria-label={`Forget ${r.jobName} ${r.jobId}`}>Forget</ActionButton>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
