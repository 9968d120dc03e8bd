"use client";
// Batches, newest first, with live progress bars and counts.
import Link from "next/link";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatTime } from "@/components/console/format";
import { Pager } from "@/components/console/pager";
import { ProgressBar } from "@/components/console/progress-bar";
import { Card, PageTitle, QueryView, TableScroll, linkClass, tableClass, tdClass, thClass } from "@/components/console/ui";
import { useCursorPages } from "@/components/console/use-cursor-pages";
import { BatchBadge, batchCounts } from "./batch-status";

export function BatchesScreen() {
  const pages = useCursorPages("batches");
  // Progress bars move: poll faster than the other screens (still never overlapping).
  const list = useLiveQuery({ queryKey: queryKeys.batches.list(pages.cursor), queryFn: ({ signal }) => consoleApi.batches(pages.cursor, signal), pollMs: 2_000 });
  return (
    <div className="space-y-5">
      <PageTitle title="Batches" description="Groups of jobs dispatched together, with their progress." />
      <Card>
        <QueryView query={list} isEmpty={(d) => d.batches.length === 0} empty="No batches yet.">
          {(d) => (
            <TableScroll label="Batches">
              <table className={tableClass} data-testid="batches-table">
                <thead>
                  <tr>{["Batch", "Progress", "Counts", "Created"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
                </thead>
                <tbody>
                  {d.batches.map((b) => (
                    <tr key={b.id} data-batch-id={b.id}>
                      <td className={`${tdClass} max-w-xs`}>
                        <Link className={`${linkClass} break-words`} href={`/batches/${encodeURIComponent(b.id)}`}>{b.name}</Link>
                        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-zinc-500">
                          <BatchBadge batch={b} /> {b.queue}
                        </div>
                      </td>
                      <td className={`${tdClass} w-64 min-w-48`}>
                        <ProgressBar value={b.progress} label={`Progress of ${b.name}`} tone={b.failedJobs ? "red" : b.finished ? "green" : "indigo"} />
                      </td>
                      <td className={`${tdClass} text-xs`}>{batchCounts(b)}</td>
                      <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(b.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
        <Pager page={pages.page} hasPrevious={pages.hasPrevious} nextCursor={list.data?.nextCursor} onPrevious={pages.previous} onNext={pages.next} onFirst={pages.first} label="Batch pages" />
      </Card>
    </div>
  );
}
