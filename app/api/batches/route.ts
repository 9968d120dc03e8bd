// Batches, newest first (viewer): live counters for running batches, history for finished ones.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listBatches } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

const query = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
  /** From the previous page's `nextCursor`; wins over `page`. */
  cursor: z.string().max(200).optional(),
});

export const GET = route({ auth: "viewer", query }, async ({ query }) => listBatches(query));
