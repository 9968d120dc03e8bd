// Cancel a batch (admin): its jobs that have not started skip their work.
import { z } from "zod";
import { audited } from "@/lib/console/audit";
import { route } from "@/lib/http/route";
import { cancelBatch, findBatch } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

const batchParams = z.object({ id: z.string().regex(/^[\w-]{1,100}$/, "a batch id") });

export const POST = route({ auth: "admin", params: batchParams }, async ({ params, user }) => {
  const cancelledNow = await audited(user, { action: "batch.cancel", target: `batch:${params.id}`, facts: (now) => ({ alreadyCancelled: !now }) }, () => cancelBatch(params.id));
  return { cancelled: true, alreadyCancelled: !cancelledNow, batch: await findBatch(params.id) };
});
