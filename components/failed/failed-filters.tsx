"use client";
// The Failed jobs filter: queue, job name, exception class, date range, text.
// Applied on submit, so typing does not fire a query per key.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { consoleApi, type FailedFilterInput } from "@/lib/api-client/console-api";
import { queryKeys } from "@/lib/api-client/query-keys";
import { Button, inputClass } from "@/components/console/ui";

/** datetime-local value (viewer's time zone) ↔ ISO. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
const toLocal = (iso?: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

export function FailedFilters({ value, onApply }: { value: FailedFilterInput; onApply: (f: FailedFilterInput) => void }) {
  const facets = useQuery({ queryKey: queryKeys.failed.facets, queryFn: ({ signal }) => consoleApi.failedFacets(signal), staleTime: 60_000 });
  const [draft, setDraft] = useState({
    queue: value.queue ?? "", jobName: value.jobName ?? "", exceptionClass: value.exceptionClass ?? "",
    from: toLocal(value.from), to: toLocal(value.to), q: value.q ?? "",
  });
  const set = (k: keyof typeof draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    onApply({
      queue: draft.queue || undefined, jobName: draft.jobName || undefined, exceptionClass: draft.exceptionClass || undefined,
      from: toIso(draft.from), to: toIso(draft.to), q: draft.q.trim() || undefined,
    });
  }

  function reset() {
    setDraft({ queue: "", jobName: "", exceptionClass: "", from: "", to: "", q: "" });
    onApply({});
  }

  return (
    <form onSubmit={submit} aria-label="Filter failed jobs" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6">
      <Select label="Queue" value={draft.queue} options={facets.data?.queues ?? []} onChange={set("queue")} />
      <Select label="Job" value={draft.jobName} options={facets.data?.jobNames ?? []} onChange={set("jobName")} />
      <Select label="Exception" value={draft.exceptionClass} options={facets.data?.exceptionClasses ?? []} onChange={set("exceptionClass")} />
      <label className="text-sm">
        <span className="mb-1 block font-medium">From</span>
        <input type="datetime-local" className={inputClass} value={draft.from} onChange={(e) => set("from")(e.target.value)} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">To</span>
        <input type="datetime-local" className={inputClass} value={draft.to} onChange={(e) => set("to")(e.target.value)} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Text or job id</span>
        <input className={inputClass} value={draft.q} onChange={(e) => set("q")(e.target.value)} placeholder="timed out" />
      </label>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
        <Button type="submit" variant="primary">Apply</Button>
        <Button onClick={reset}>Reset</Button>
      </div>
    </form>
  );
}
