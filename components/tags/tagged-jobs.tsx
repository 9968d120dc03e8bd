"use client";
// One tag's jobs, newest first, paged by offset as /api/tags/jobs allows. A job
// links to its detail page only while BullMQ still holds it; a monitored tag's
// jobs stay listed from their kept copies after BullMQ trimmed them.
import Link from "next/link";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatNumber, formatTime } from "@/components/console/format";
import { Pager } from "@/components/console/pager";
import { Badge, QueryView, TableScroll, linkClass, stateTone, tableClass, tdClass, thClass } from "@/components/console/ui";
import { kindLabel, type TagQuery } from "./tag-input";
import { TAGS_POLL_MS, useKeptFor } from "./use-tag-list";

export const PAGE_SIZE = 25;

interface Row {
  id: string;
  queue: string;
  name: string | null;
  status: string;
  finishedAt: number;
  inQueue: boolean;
  error?: string;
}

interface Page {
  total: number;
  rows: Row[];
}

async function fetchPage({ tag, kind }: TagQuery, offset: number, signal: AbortSignal): Promise<Page> {
  if (kind === "monitored") {
    const r = await consoleApi.monitoredJobs({ tag, offset, limit: PAGE_SIZE }, signal);
    return { total: r.total, rows: r.jobs.map((j) => ({ id: j.id, queue: j.queue, name: j.name, status: j.status, finishedAt: j.finishedAt, inQueue: j.inQueue, error: j.error })) };
  }
  const r = await consoleApi.taggedJobs({ tag, kind, offset, limit: PAGE_SIZE }, signal);
  return {
    total: r.total,
    rows: r.jobs.map((j) => ({ id: j.id, queue: j.queue, name: j.name, status: j.status, finishedAt: j.finishedAt, inQueue: j.source === "queue", error: j.failedReason })),
  };
}

function JobCell({ row }: { row: Row }) {
  if (!row.inQueue) {
    return (
      <span className="font-mono text-xs break-all" title="BullMQ no longer holds this job; the tag index or a monitored copy remembers it">
        #{row.id} <Badge>trimmed</Badge>
      </span>
    );
  }
  return (
    <Link className={`${linkClass} font-mono text-xs break-all`} href={`/jobs/${encodeURIComponent(row.queue)}/${encodeURIComponent(row.id)}`}>
      #{row.id}
    </Link>
  );
}

export function TaggedJobs({ search }: { search: TagQuery }) {
  const [offset, setOffset] = useState(0);
  const keptFor = useKeptFor();
  const jobs = useLiveQuery({
    queryKey: queryKeys.tags.jobs(search.tag, search.kind, offset),
    queryFn: ({ signal }) => fetchPage(search, offset, signal),
    pollMs: TAGS_POLL_MS,
    placeholderData: (previous) => previous,
  });
  const total = jobs.data?.total ?? 0;
  const next = offset + PAGE_SIZE < total ? String(offset + PAGE_SIZE) : null;
  return (
    <div data-testid="tag-results">
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {kindLabel(search.kind, keptFor)} tagged <span className="font-mono break-all text-zinc-900 dark:text-zinc-100">{search.tag}</span>
        {jobs.data ? `: ${formatNumber(total)} ${total === 1 ? "job" : "jobs"}` : ""}
      </p>
      <QueryView query={jobs} isEmpty={(d) => d.rows.length === 0} empty="No jobs with this tag in this list.">
        {(d) => (
          <TableScroll label="Jobs with this tag">
            <table className={tableClass} data-testid="tagged-jobs">
              <thead>
                <tr>{["Job", "Name", "Queue", "State", "Finished", "Error"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={`${r.queue}:${r.id}`} data-job-id={r.id}>
                    <td className={`${tdClass} max-w-48`}><JobCell row={r} /></td>
                    <td className={`${tdClass} max-w-xs break-words`}>{r.name ?? "—"}</td>
                    <td className={`${tdClass} text-xs break-all`}>{r.queue}</td>
                    <td className={tdClass}><Badge tone={stateTone(r.status)}>{r.status}</Badge></td>
                    <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(r.finishedAt)}</td>
                    <td className={`${tdClass} max-w-sm text-xs break-words text-red-700 dark:text-red-300`}>
                      {r.error ? <span className="line-clamp-3">{r.error}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryView>
      <Pager
        page={Math.floor(offset / PAGE_SIZE) + 1}
        hasPrevious={offset > 0}
        nextCursor={next}
        onPrevious={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}
        onNext={(c) => setOffset(Number(c))}
        onFirst={() => setOffset(0)}
        label="Tagged job pages"
      />
    </div>
  );
}
