// A batch's state as a badge and its counts as one line. Pure presentation.
import type { BatchSnapshot } from "@/lib/queue/batches";
import { formatNumber } from "@/components/console/format";
import { Badge } from "@/components/console/ui";

export function BatchBadge({ batch }: { batch: BatchSnapshot }) {
  if (batch.cancelled) return <Badge tone="gray">cancelled</Badge>;
  if (batch.finished) return batch.failedJobs ? <Badge tone="amber">finished with failures</Badge> : <Badge tone="green">finished</Badge>;
  return <Badge tone="blue">running</Badge>;
}

export function batchCounts(b: BatchSnapshot): string {
  const parts = [`${formatNumber(b.processedJobs)} of ${formatNumber(b.totalJobs)} done`, `${formatNumber(b.succeededJobs)} succeeded`, `${formatNumber(b.pendingJobs)} pending`];
  if (b.failedJobs) parts.push(`${formatNumber(b.failedJobs)} failed`);
  if (b.cancelledJobs) parts.push(`${formatNumber(b.cancelledJobs)} skipped`);
  return parts.join(" · ");
}
