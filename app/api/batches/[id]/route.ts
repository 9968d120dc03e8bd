// One batch (viewer): the seed's BillingBatchMonitor fields, failed job ids, callbacks.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { BatchNotFound, findBatch } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

const batchParams = z.object({ id: z.string().regex(/^[\w-]{1,100}$/, "a batch id") });

export const GET = route({ auth: "viewer", params: batchParams }, async ({ params }) => {
  const batch = await findBatch(params.id);
  if (!batch) throw new BatchNotFound(params.id);
  return { batch };
});
