"use client";
// Flush archived failures (the seed's queue:flush): optionally one queue and
// only rows older than N hours; the count is shown before anything is deleted.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { queryKeys } from "@/lib/api-client/query-keys";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatNumber } from "@/components/console/format";
import { ErrorNote, inputClass } from "@/components/console/ui";

export function FlushDialog({ queue, queues, onClose }: { queue?: string; queues: string[]; onClose: () => void }) {
  const client = useQueryClient();
  const [target, setTarget] = useState(queue ?? "");
  const [hours, setHours] = useState("");
  const [result, setResult] = useState<{ deleted: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = { queue: target || undefined, olderThanHours: hours === "" ? undefined : Number(hours) };
  const preview = useQuery({
    queryKey: queryKeys.failed.flushPreview(options),
    queryFn: ({ signal }) => consoleApi.flushPreview(options, signal),
    enabled: !result,
    staleTime: 0,
  });
  const affects = preview.data?.affects;

  async function flush() {
    setBusy(true);
    setError(null);
    try {
      setResult(await consoleApi.flush({ ...options, expected: affects ?? 0 }));
      await client.invalidateQueries({ queryKey: queryKeys.failed.all });
    } catch (e) {
      setError(e);
      void preview.refetch(); // a 409 says the count changed: show the new one to confirm
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open
      danger={!result}
      busy={busy}
      title="Flush failed jobs"
      confirmLabel={result ? "Close" : affects ? `Delete ${formatNumber(affects)} rows` : "Delete"}
      confirmDisabled={!result && !affects}
      onConfirm={result ? onClose : flush}
      onClose={onClose}
    >
      {!result ? (
        <>
          <label className="block">
            <span className="text-sm font-medium">Queue</span>
            <select className={`${inputClass} mt-1`} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">All queues</option>
              {queues.map((q) => (
                <option key={q} value={q}>{q}</option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="text-sm font-medium">Only rows older than (hours, empty = all)</span>
            <input type="number" min={0} className={`${inputClass} mt-1`} value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
          <p data-testid="flush-affects">
            {affects === undefined ? "Counting…" : `Affects ${formatNumber(affects)} archived failure${affects === 1 ? "" : "s"}.`} They are deleted from the
            archive for good.
          </p>
        </>
      ) : (
        <p role="status">Deleted {formatNumber(result.deleted)} rows.</p>
      )}
      {preview.error ? <ErrorNote error={preview.error} /> : null}
      {error ? <ErrorNote error={error} /> : null}
    </ConfirmDialog>
  );
}
