// Cancel a batch (admin): its jobs that have not started skip their work.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { route } from "@/lib/http/route";
import { cancelBatch, findBatch } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

const batchParams = z.object({ id: z.string().regex(/^[\w-]{1,100}$/, "a batch id") });

export const POST = route({ auth: "admin", params: batchParams }, async ({ params, user }) => {
  const cancelledNow = await cancelBatch(params.id);
  await recordAudit(user, { action: "batch.cancel", target: `batch:${params.id}`, details: { alreadyCancelled: !cancelledNow } });
  return { cancelled: true, alreadyCancelled: !cancelledNow, batch: await findBatch(params.id) };
});
