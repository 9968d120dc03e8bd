"use client";
// A horizontal bar chart of one number per name (Metrics screen); loaded on demand.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export default function NamedBarChart({ data, valueLabel, color = "#6366f1" }: { data: { name: string; value: number }[]; valueLabel: string; color?: string }) {
  const height = Math.max(120, data.length * 28 + 40);
  return (
    <div style={{ height }} className="text-zinc-600 dark:text-zinc-400" role="img" aria-label={valueLabel}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 5, right: 20, bottom: 5, left: 10 }}>
          <CartesianGrid strokeOpacity={0.15} horizontal={false} />
          <XAxis type="number" tick={{ fontSize: 11, fill: "currentColor" }} />
          <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11, fill: "currentColor" }} />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="value" name={valueLabel} fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
