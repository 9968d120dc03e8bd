"use client";
// One page of a queue's jobs. Names, previews and failure reasons are text.
import Link from "next/link";
import type { JobRow } from "@/lib/console/types";
import { formatAgo, formatBytes, formatTime } from "@/components/console/format";
import { ActionButton, Badge, stateTone, tableClass, tdClass, thClass, TableScroll, linkClass } from "@/components/console/ui";

export type RowAction = "retry" | "promote" | "remove";

export function actionsFor(row: JobRow): RowAction[] {
  const out: RowAction[] = [];
  if (row.state === "failed" || row.state === "completed") out.push("retry");
  if (row.state === "delayed") out.push("promote");
  if (row.state !== "active") out.push("remove");
  return out;
}

export function JobTable({
  queue,
  rows,
  canAct,
  busy,
  onAction,
}: {
  queue: string;
  rows: JobRow[];
  canAct: boolean;
  busy: boolean;
  onAction: (row: JobRow, action: RowAction) => void;
}) {
  return (
    <TableScroll label="Jobs">
      <table className={tableClass} data-testid="job-table">
        <thead>
          <tr>
            <th scope="col" className={thClass}>Job</th>
            <th scope="col" className={thClass}>Created</th>
            <th scope="col" className={thClass}>Attempts</th>
            <th scope="col" className={thClass}>Details</th>
            <th scope="col" className={thClass}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-job-id={row.id}>
              <td className={`${tdClass} max-w-xs`}>
                <Link className={`${linkClass} break-all`} href={`/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(row.id)}`}>
                  {row.name}
                </Link>
                <div className="text-xs text-zinc-500">
                  #{row.id} <Badge tone={stateTone(row.state)}>{row.state}</Badge>
                </div>
              </td>
              <td className={`${tdClass} whitespace-nowrap text-xs`}>
                <div>{formatTime(row.timestamp)}</div>
                <div className="text-zinc-500">{row.state === "delayed" && row.timestamp ? `runs ${formatAgo(row.timestamp + row.delay)}` : formatAgo(row.timestamp)}</div>
              </td>
              <td className={`${tdClass} tabular-nums`}>{row.attemptsMade}</td>
              <td className={`${tdClass} max-w-md text-xs`}>
                {row.failedReason ? <p className="mb-1 break-words text-red-700 dark:text-red-400">{row.failedReason}</p> : null}
                <p className="truncate font-mono text-zinc-600 dark:text-zinc-400" title={row.dataPreview}>
                  {row.dataPreview}
                </p>
                <p className="text-zinc-500">{formatBytes(row.dataBytes)}</p>
              </td>
              <td className={`${tdClass} whitespace-nowrap text-right`}>
                <div className="inline-flex gap-1">
                  {actionsFor(row).map((action) => (
                    <ActionButton
                      key={action}
                      canAct={canAct}
                      disabled={busy}
                      variant={action === "remove" ? "danger" : "secondary"}
                      onClick={() => onAction(row, action)}
                      aria-label={`${action} job ${row.id}`}
                    >
                      {action[0].toUpperCase() + action.slice(1)}
                    </ActionButton>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
