"use client";
// The job-state tabs of a queue: a WAI-ARIA tablist (arrow keys move, Home/End jump).
import { useRef, type KeyboardEvent } from "react";
import { LISTED_STATES, type ListedState, type StateCounts } from "@/lib/console/types";
import { formatNumber } from "@/components/console/format";

export function StateTabs({ value, counts, onChange, panelId }: { value: ListedState; counts?: StateCounts; onChange: (s: ListedState) => void; panelId: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKey(e: KeyboardEvent, i: number) {
    const last = LISTED_STATES.length - 1;
    const to = e.key === "ArrowRight" ? (i === last ? 0 : i + 1) : e.key === "ArrowLeft" ? (i === 0 ? last : i - 1) : e.key === "Home" ? 0 : e.key === "End" ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    onChange(LISTED_STATES[to]);
    refs.current[to]?.focus();
  }
  return (
    <div role="tablist" aria-label="Job state" className="relative flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {LISTED_STATES.map((s, i) => {
        const selected = s === value;
        return (
          <button
            key={s}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${s}`}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onKeyDown={(e) => onKey(e, i)}
            onClick={() => onChange(s)}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              selected ? "border-indigo-600 text-indigo-700 dark:text-indigo-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {s}
            {counts ? <span className="ml-1.5 rounded bg-zinc-100 px-1.5 text-xs tabular-nums dark:bg-zinc-800">{formatNumber(counts[s])}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
