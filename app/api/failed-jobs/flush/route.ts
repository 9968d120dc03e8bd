// GET  /api/failed-jobs/flush?queue=&olderThanHours= — rows a flush would delete.
// POST /api/failed-jobs/flush {queue, olderThanHours, expected} — deletes them (the seed's queue:flush).
import { audit } from "@/lib/console/audit";
import { StateConflict } from "@/lib/console/errors";
import { flushBody, flushQuery } from "@/lib/console/schemas";
import { countFlushable } from "@/lib/db/queries/failed-jobs";
import { route } from "@/lib/http/route";
import { flushFailedJobs } from "@/lib/queue/failed-jobs";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: flushQuery }, async ({ query }) => ({ affects: await countFlushable(query) }));

export const POST = route({ auth: "admin", body: flushBody }, async ({ body, user }) => {
  const options = { queue: body.queue || undefined, olderThanHours: body.olderThanHours };
  if (body.expected === 0) throw new StateConflict("Nothing to flush: the confirmation was for 0 rows.");
  const deleted = await flushFailedJobs(options);
  await audit(user, "failed-job.flush", body.queue ? `failed-jobs:queue:${body.queue}` : "failed-jobs:all", { ...options, expected: body.expected, deleted });
  return { deleted };
});
