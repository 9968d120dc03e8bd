"use client";
// Every configured queue, plus queues found in Redis that the config lacks.
import Link from "next/link";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatNumber, formatTime } from "@/components/console/format";
import { Badge, Card, PageTitle, QueryView, TableScroll, linkClass, tableClass, tdClass, thClass } from "@/components/console/ui";

const COLUMNS = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;

export function QueuesScreen() {
  const queues = useLiveQuery({ queryKey: queryKeys.queues.all, queryFn: ({ signal }) => consoleApi.queues(signal) });
  return (
    <div className="space-y-5">
      <PageTitle
        title="Queues"
        description={
          queues.data?.discoveredAt
            ? `Configured queues, plus BullMQ queues found in Redis (last looked ${formatTime(queues.data.discoveredAt)}).`
            : "Configured queues, plus BullMQ queues found in Redis."
        }
      />
      <Card>
        <QueryView query={queues} isEmpty={(d) => d.queues.length === 0} empty="No queues configured.">
          {(data) => (
            <TableScroll label="Queues">
              <table className={tableClass}>
                <thead>
                  <tr>
                    <th scope="col" className={thClass}>Queue</th>
                    {COLUMNS.map((c) => (
                      <th key={c} scope="col" className={`${thClass} text-right`}>{c}</th>
                    ))}
                    <th scope="col" className={`${thClass} text-right`}>Workers</th>
                    <th scope="col" className={thClass}>Supervisors</th>
                  </tr>
                </thead>
                <tbody>
                  {data.queues.map((q) => (
                    <tr key={q.name}>
                      <th scope="row" className={`${tdClass} font-medium`}>
                        <Link className={linkClass} href={`/queues/${encodeURIComponent(q.name)}`}>{q.name}</Link>
                        <span className="ml-2 inline-flex gap-1">
                          {q.paused ? <Badge tone="amber">paused</Badge> : null}
                          {!q.configured ? <Badge tone="indigo" title="Found in Redis; the config has no such queue">not in config</Badge> : null}
                        </span>
                      </th>
                      {COLUMNS.map((c) => (
                        <td key={c} className={`${tdClass} text-right tabular-nums ${c === "failed" && q.counts.failed ? "text-red-700 dark:text-red-400" : ""}`}>
                          {formatNumber(q.counts[c])}
                        </td>
                      ))}
                      <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.workers)}</td>
                      <td className={`${tdClass} text-xs text-zinc-600 dark:text-zinc-400`}>{q.supervisors.join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
      </Card>
    </div>
  );
}
