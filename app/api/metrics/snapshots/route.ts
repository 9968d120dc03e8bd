// The console's charts: per-queue and per-job-class snapshots over a time range.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { readSnapshotsJson } from "@/lib/metrics/snapshot-queries";

export const dynamic = "force-dynamic";

// Each name is a series read from Redis: a bound, far above what a chart shows.
const names = z
  .string()
  .regex(/^[\w.-]+(,[\w.-]+)*$/, "comma-separated names")
  .transform((s) => s.split(","))
  .refine((list) => list.length <= 200, "at most 200 names");

const query = z.object({
  /** Minutes back from `to` (or now). @defaultValue 60 */
  minutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** Epoch ms end of the range. @defaultValue now */
  to: z.coerce.number().int().positive().optional(),
  /** Only these queues / job classes (comma-separated); `none` selects no series of that kind. */
  queues: z.union([z.literal("none").transform(() => [] as string[]), names]).optional(),
  jobs: z.union([z.literal("none").transform(() => [] as string[]), names]).optional(),
});

/** Body: { from, to, queues: { <queue>: QueueSnapshot[] }, jobs: { <job>: JobSnapshot[] } } (lib/metrics/snapshot-queries.ts). */
export const GET = route({ auth: "viewer", query }, async ({ query }) => {
  const to = query.to ?? Date.now();
  const body = await readSnapshotsJson({ from: to - query.minutes * 60_000, to, queues: query.queues, jobs: query.jobs });
  return new Response(body, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
});
