// Numbers, sizes, durations and times as the console prints them. Pure.

const int = new Intl.NumberFormat("en-US");

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? "—" : int.format(Math.round(n));
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1)} %`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A configured window in minutes, in its largest whole unit: 10080 → "7 days", 90 → "90 minutes". */
export function formatMinutes(minutes: number): string {
  const unit = (n: number, name: string) => `${formatNumber(n)} ${name}${n === 1 ? "" : "s"}`;
  if (minutes > 0 && minutes % 1440 === 0) return unit(minutes / 1440, "day");
  if (minutes > 0 && minutes % 60 === 0) return unit(minutes / 60, "hour");
  return unit(minutes, "minute");
}

export function formatSeconds(s: number | null | undefined): string {
  return s === null || s === undefined ? "—" : formatDuration(s * 1000);
}

/** ISO string or epoch ms → "2026-01-10 12:00:03" in the viewer's time zone. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "—";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatAgo(value: string | number | null | undefined, now = Date.now()): string {
  if (value === null || value === undefined) return "—";
  const ms = now - new Date(value).getTime();
  if (Number.isNaN(ms)) return "—";
  if (ms < 0) return `in ${formatDuration(-ms)}`;
  if (ms < 5_000) return "just now";
  return `${formatDuration(ms)} ago`;
}
