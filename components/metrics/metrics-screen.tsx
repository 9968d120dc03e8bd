"use client";
// Per job class throughput and runtime (avg, p95), per queue wait, last 24 h.
import dynamic from "next/dynamic";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { formatDuration, formatNumber, formatPercent } from "@/components/console/format";
import { Card, Empty, Loading, PageTitle, QueryView, TableScroll, tableClass, tdClass, thClass } from "@/components/console/ui";

const BarChart = dynamic(() => import("@/components/charts/bar-chart"), { ssr: false, loading: () => <Loading label="Loading chart…" /> });

export function MetricsScreen() {
  const metrics = useLiveQuery({ queryKey: queryKeys.metrics.all, queryFn: ({ signal }) => consoleApi.metrics(signal), pollMs: 60_000 });
  return (
    <div className="space-y-5">
      <PageTitle title="Metrics" description="Last 24 hours, from the per-minute snapshots. p95 over 24 h is the job-weighted 95th percentile of each minute's p95." />
      <QueryView query={metrics}>
        {(m) => (
          <div className="space-y-5">
            <Card title="Job classes">
              {m.jobs.length ? (
                <>
                  <TableScroll label="Job classes">
                    <table className={tableClass}>
                      <thead>
                        <tr>
                          {["Job", "Throughput", "Failed", "Avg runtime", "p95 runtime"].map((h, i) => (
                            <th key={h} scope="col" className={`${thClass} ${i ? "text-right" : ""}`}>{h}</th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {m.jobs.map((j) => (
                          <tr key={j.job}>
                            <th scope="row" className={`${tdClass} font-medium break-all`}>{j.job}</th>
                            <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(j.throughput)}</td>
                            <td className={`${tdClass} text-right tabular-nums`}>
                              {formatNumber(j.failed)} <span className="text-xs text-zinc-500">({formatPercent(j.throughput ? j.failed / j.throughput : 0)})</span>
                            </td>
                            <td className={`${tdClass} text-right tabular-nums`}>{formatDuration(j.avgRuntimeMs)}</td>
                            <td className={`${tdClass} text-right tabular-nums`}>{formatDuration(j.p95RuntimeMs)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                  <div className="mt-4 grid gap-4 lg:grid-cols-2">
                    <BarChart data={m.jobs.slice(0, 15).map((j) => ({ name: j.job, value: j.throughput }))} valueLabel="Jobs finished (24 h)" />
                    <BarChart data={m.jobs.slice(0, 15).map((j) => ({ name: j.job, value: j.p95RuntimeMs }))} valueLabel="p95 runtime (ms)" color="#0ea5e9" />
                  </div>
                </>
              ) : (
                <Empty>No job finished in the last 24 hours.</Empty>
              )}
            </Card>
            <Card title="Queues">
              {m.queues.length ? (
                <TableScroll label="Queues">
                  <table className={tableClass}>
                    <thead>
                      <tr>
                        {["Queue", "Throughput", "Avg wait", "p95 wait", "Avg runtime"].map((h, i) => (
                          <th key={h} scope="col" className={`${thClass} ${i ? "text-right" : ""}`}>{h}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {m.queues.map((q) => (
                        <tr key={q.queue}>
                          <th scope="row" className={`${tdClass} font-medium`}>{q.queue}</th>
                          <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(q.throughput)}</td>
                          <td className={`${tdClass} text-right tabular-nums`}>{formatDuration(q.avgWaitMs)}</td>
                          <td className={`${tdClass} text-right tabular-nums`}>{formatDuration(q.p95WaitMs)}</td>
                          <td className={`${tdClass} text-right tabular-nums`}>{formatDuration(q.avgRuntimeMs)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              ) : (
                <Empty>No queue measured in the last 24 hours.</Empty>
              )}
            </Card>
          </div>
        )}
      </QueryView>
    </div>
  );
}
