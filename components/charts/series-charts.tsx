"use client";
// The dashboard's charts (recharts). Loaded on demand (next/dynamic) so the
// dashboard's first load does not carry the chart library.
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/console/types";

const axis = { fontSize: 11, fill: "currentColor" };

function time(at: number, long: boolean): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  return long ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

export default function SeriesCharts({ points, bucketMs }: { points: SeriesPoint[]; bucketMs: number }) {
  const long = bucketMs > 60_000;
  const data = points.map((p) => ({ ...p, label: time(p.at, long) }));
  const per = long ? `per ${bucketMs / 60_000} min` : "per minute";
  return (
    <div className="grid gap-4 text-zinc-600 lg:grid-cols-2 dark:text-zinc-400">
      <figure>
        <figcaption className="mb-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">Throughput ({per})</figcaption>
        <div className="h-56" role="img" aria-label={`Jobs finished and failed ${per}`}>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={30} />
              <YAxis tick={axis} allowDecimals={false} />
              <Tooltip contentStyle={{ fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Area type="monotone" dataKey="throughput" name="Finished" stroke="#6366f1" fill="#6366f1" fillOpacity={0.25} isAnimationActive={false} />
              <Area type="monotone" dataKey="failed" name="Failed" stroke="#ef4444" fill="#ef4444" fillOpacity={0.25} isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure>
        <figcaption className="mb-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">Runtime and wait (average, ms)</figcaption>
        <div className="h-56" role="img" aria-label={`Average runtime and wait ${per}`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
              <CartesianGrid strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="label" tick={axis} minTickGap={30} />
              <YAxis tick={axis} />
              <Tooltip contentStyle={{ fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line type="monotone" dataKey="avgRuntimeMs" name="Runtime" stroke="#0ea5e9" dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="avgWaitMs" name="Wait" stroke="#f59e0b" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
