// Retry a batch's failed jobs (admin): all of them, or the given job ids. The
// batch's counters move back (failed −n, pending +n) before the jobs run again.
import { z } from "zod";
import { audited } from "@/lib/console/audit";
import { route } from "@/lib/http/route";
import { findBatch, retryBatch } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

const batchParams = z.object({ id: z.string().regex(/^[\w-]{1,100}$/, "a batch id") });

const body = z.strictObject({ jobIds: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional() }).optional();

export const POST = route({ auth: "admin", params: batchParams, body }, async ({ params, body, user }) => {
  const result = await audited(
    user,
    {
      action: "batch.retry-failed",
      target: `batch:${params.id}`,
      details: { jobIds: body?.jobIds?.slice(0, 50) ?? "all" },
      facts: (r) => ({ retried: r.retried.length, notRetried: r.notRetried.length }),
    },
    () => retryBatch(params.id, { jobIds: body?.jobIds, retriedBy: user.email }),
  );
  return { ...result, batch: await findBatch(params.id) };
});
