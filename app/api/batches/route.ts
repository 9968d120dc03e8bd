// Batches, newest first (viewer): live counters for running batches, history for finished ones.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { listBatches } from "@/lib/queue/batches";

export const dynamic = "force-dynamic";

/** Deepest row an offset page may start at: PostgreSQL reads and drops every row before it. */
const MAX_OFFSET = 10_000;

const query = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    perPage: z.coerce.number().int().min(1).max(100).default(25),
    /** From the previous page's `nextCursor`; wins over `page` (and pages at any depth). */
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => q.cursor !== undefined || (q.page - 1) * q.perPage <= MAX_OFFSET, {
    path: ["page"],
    error: `offset pages reach ${MAX_OFFSET} rows; page further with the cursor (nextCursor)`,
  });

export const GET = route({ auth: "viewer", query }, async ({ query }) => listBatches(query));
