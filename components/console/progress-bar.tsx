// A labelled progress bar (role="progressbar" with its value), used for batches
// and for chunked bulk actions.
export function ProgressBar({ value, label, tone = "indigo" }: { value: number; label: string; tone?: "indigo" | "red" | "green" }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  const color = tone === "red" ? "bg-red-500" : tone === "green" ? "bg-emerald-500" : "bg-indigo-500";
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 min-w-24 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={`h-full ${color} transition-[width] duration-300`} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-10 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{pct} %</span>
    </div>
  );
}
