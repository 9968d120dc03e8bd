"use client";
// The dashboard: headline numbers of the last hour, the per-queue health table
// (the seed's QueueHealthCheck plus wait time), and throughput/runtime charts.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import type { DashboardData, SeriesRange } from "@/lib/console/types";
import { formatDuration, formatNumber, formatPercent, formatSeconds, formatTime } from "@/components/console/format";
import { Badge, Card, ErrorNote, Loading, PageTitle, QueryView, Stat, StatusBadge, TableScroll, linkClass, tableClass, tdClass, thClass } from "@/components/console/ui";

// recharts is big: it loads after the page, only when the charts render.
const SeriesCharts = dynamic(() => import("@/components/charts/series-charts"), {
  ssr: false,
  loading: () => <Loading label="Loading charts…" />,
});

function Headline({ data }: { data: DashboardData }) {
  const h = data.headline;
  const workers = data.workers;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
      <Stat label="Jobs per minute" value={formatNumber(h.jobsPerMinute)} hint={`last ${h.windowMinutes} min`} />
      <Stat label="Average wait" value={formatDuration(h.avgWaitMs)} hint="before a worker took the job" />
      <Stat label="Failure rate" value={formatPercent(h.failureRate)} hint="failed for good ÷ finished" />
      <Stat label="Recent failures" value={<Link className={linkClass} href="/failed">{formatNumber(h.recentFailures)}</Link>} hint={`archived, last ${h.windowMinutes} min`} />
      <Stat
        label="Workers"
        value={<span data-testid="workers-status">{workers.status}</span>}
        hint={`${workers.masters} master${workers.masters === 1 ? "" : "s"}, ${workers.supervisors} supervisor${workers.supervisors === 1 ? "" : "s"}`}
      />
    </div>
  );
}

function HealthTable({ data }: { data: DashboardData }) {
  return (
    <TableScroll label="Queue health">
      <table className={tableClass} data-testid="health-table">
        <caption className="sr-only">Health of each queue: idle at 0 ready jobs, healthy below {data.thresholds.busyAt}, busy below {data.thresholds.overloadedAt}, overloaded beyond.</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>Queue</th>
            <th scope="col" className={thClass}>Status</th>
            <th scope="col" className={`${thClass} text-right`}>Size</th>
            <th scope="col" className={`${thClass} text-right`}>Failed</th>
            <th scope="col" className={`${thClass} text-right`}>Delayed</th>
            <th scope="col" className={`${thClass} text-right`}>Active</th>
            <th scope="col" className={`${thClass} text-right`}>Workers</th>
            <th scope="col" className={`${thClass} text-right`}>Wait</th>
          </tr>
        </thead>
        <tbody>
          {data.queues.map((q) => (
            <tr key={q.queue} data-queue={q.queue}>
              <th scope="row" className={`${tdClass} font-medium`}>
                <Link className={linkClass} href={`/queues/${encodeURIComponent(q.queue)}`}>
                  {q.queue}
                </Link>
                <span className="ml-2 inline-flex gap-1">
                  {q.paused ? <Badge tone="amber">paused</Badge> : null}
                  {!q.configured ? <Badge tone="indigo" title="Found in Redis; the config has no such queue">not in config</Badge> : null}
                </span>
              </th>
              <td className={tdClass}>
                <StatusBadge status={q.status} />
              </td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.size)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{q.failed ? <span className="text-red-700 dark:text-red-400">{formatNumber(q.failed)}</span> : "0"}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.delayed)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.active)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.workers)}</td>
              <td className={`${tdClass} text-right tabular-nums`} title="Ready jobs × average runtime ÷ workers">
                {formatSeconds(q.waitSeconds)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Charts() {
  const [range, setRange] = useState<SeriesRange>("1h");
  const series = useLiveQuery({
    queryKey: queryKeys.dashboardSeries(range),
    queryFn: ({ signal }) => consoleApi.series(range, signal),
    pollMs: 30_000,
  });
  return (
    <Card
      title="Throughput and runtime"
      actions={
        <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
          {(["1h", "24h"] as const).map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={`px-3 py-1 text-sm ${range === r ? "bg-indigo-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
            >
              {r === "1h" ? "Last hour" : "Last 24 h"}
            </button>
          ))}
        </div>
      }
    >
      {series.error ? <ErrorNote error={series.error} onRetry={() => series.refetch()} /> : null}
      {series.data ? (
        series.data.points.every((p) => p.throughput === 0) ? (
          <p className="py-6 text-center text-sm text-zinc-500">No jobs finished in this range yet (snapshots are taken every minute).</p>
        ) : (
          <SeriesCharts points={series.data.points} bucketMs={series.data.bucketMs} />
        )
      ) : !series.error ? (
        <Loading label="Loading charts…" />
      ) : null}
    </Card>
  );
}

export function DashboardScreen() {
  const dashboard = useLiveQuery({ queryKey: queryKeys.dashboard, queryFn: ({ signal }) => consoleApi.dashboard(signal) });
  return (
    <div className="space-y-5">
      <PageTitle
        title="Dashboard"
        description={dashboard.data ? `Queue health at a glance · updated ${formatTime(dashboard.data.checkedAt)}` : "Queue health at a glance"}
      />
      <QueryView query={dashboard}>
        {(data) => (
          <div className="space-y-5">
            <Headline data={data} />
            <Card title="Queues">
              <HealthTable data={data} />
            </Card>
          </div>
        )}
      </QueryView>
      <Charts />
    </div>
  );
}
