"use client";
// One stored Retell event: when it came and was processed, duplicates, the
// payload, and replay (re-enqueue ProcessRetellWebhook, audited).
import Link from "next/link";
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatTime } from "@/components/console/format";
import { JsonView } from "@/components/console/json-view";
import { Notice } from "@/components/console/notice";
import { ActionButton, Card, PageTitle, QueryView, linkClass } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";

export function WebhookEventScreen({ id }: { id: string }) {
  const canAct = useCanAct();
  const [confirm, setConfirm] = useState(false);
  const [replayed, setReplayed] = useState<{ jobId: string; queue: string } | null>(null);
  const event = useLiveQuery({ queryKey: queryKeys.webhooks.detail(id), queryFn: ({ signal }) => consoleApi.webhookEvent(id, signal), pollMs: 15_000 });
  const replay = useAction(() => consoleApi.replay(id), {
    invalidate: [queryKeys.webhooks.detail(id)],
    onDone: (r) => setReplayed(r),
    success: (r) => `Enqueued ProcessRetellWebhook as job ${r.jobId}.`,
  });
  return (
    <div className="space-y-5">
      <PageTitle
        title={event.data?.eventType ?? "Webhook event"}
        description={event.data ? `Retell · call ${event.data.callId ?? "—"}` : undefined}
        actions={<ActionButton canAct={canAct && !!event.data} disabled={replay.pending} onClick={() => setConfirm(true)}>Replay…</ActionButton>}
      />
      <Notice notice={replay.notice} />
      {replayed ? (
        <p className="text-sm">
          <Link className={linkClass} href={`/jobs/${encodeURIComponent(replayed.queue)}/${encodeURIComponent(replayed.jobId)}`}>Open the replay job</Link>
        </p>
      ) : null}
      <QueryView query={event}>
        {(e) => (
          <div className="space-y-5">
            <Card title="Delivery">
              <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                {([
                  ["Event id", e.eventId],
                  ["Received", formatTime(e.receivedAt)],
                  ["Processed", formatTime(e.processedAt)],
                  ["Acted on", e.handled ? "yes" : "no (recorded only)"],
                  ["Duplicates", `${e.duplicateCount}${e.lastDuplicateAt ? `, last ${formatTime(e.lastDuplicateAt)}` : ""}`],
                ] as const).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="font-medium text-zinc-600 dark:text-zinc-400">{k}</dt>
                    <dd className="break-all">{v}</dd>
                  </div>
                ))}
              </dl>
            </Card>
            <Card title="Payload">
              <JsonView node={e.payload} truncated={e.payloadTruncated} bytes={e.payloadBytes} />
            </Card>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={confirm}
        title="Replay event"
        confirmLabel="Replay"
        onClose={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          replay.run(undefined);
        }}
      >
        <p>
          Enqueue ProcessRetellWebhook again with this event. The event is already recorded, so its effects are not applied twice: the job counts it
          as a duplicate and re-issues its follow-up jobs (which are idempotent).
        </p>
      </ConfirmDialog>
    </div>
  );
}
