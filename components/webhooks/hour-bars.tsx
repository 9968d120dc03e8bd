// Counts per hour as a row of small bars (plain elements, no chart library),
// with the numbers available as text for screen readers and on hover.
import { formatNumber } from "@/components/console/format";

export function HourBars({ hours, label, tone = "indigo", now = Date.now() }: { hours: { hour: number; count: number }[]; label: string; tone?: "indigo" | "red"; now?: number }) {
  const start = Math.floor(now / 3_600_000) * 3_600_000 - 23 * 3_600_000;
  const byHour = new Map(hours.map((h) => [h.hour, h.count]));
  const series = Array.from({ length: 24 }, (_, i) => ({ hour: start + i * 3_600_000, count: byHour.get(start + i * 3_600_000) ?? 0 }));
  const max = Math.max(1, ...series.map((s) => s.count));
  const total = series.reduce((s, h) => s + h.count, 0);
  return (
    <figure>
      <figcaption className="mb-1 text-sm font-medium">
        {label}: {formatNumber(total)} in 24 h
      </figcaption>
      <ol className="flex h-16 items-end gap-0.5" aria-label={`${label} per hour`}>
        {series.map((s) => (
          <li
            key={s.hour}
            title={`${new Date(s.hour).getHours()}:00 — ${s.count}`}
            className={`flex-1 rounded-t ${tone === "red" ? "bg-red-400" : "bg-indigo-400"}`}
            style={{ height: `${Math.max(2, (s.count / max) * 100)}%`, opacity: s.count ? 1 : 0.25 }}
          >
            <span className="sr-only">{`${new Date(s.hour).getHours()}:00: ${s.count}`}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
