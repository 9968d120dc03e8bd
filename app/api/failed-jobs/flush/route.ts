// GET  /api/failed-jobs/flush?queue=&olderThanHours= — rows a flush would delete.
// POST /api/failed-jobs/flush {queue, olderThanHours, expected} — deletes them (the seed's queue:flush),
// refused with 409 unless exactly `expected` rows match; deleted in chunks, audited with the first.
import { flushConfirmed } from "@/lib/console/flush-failed";
import { flushBody, flushQuery } from "@/lib/console/schemas";
import { countFlushable } from "@/lib/db/queries/failed-jobs";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: flushQuery }, async ({ query }) => ({ affects: await countFlushable(query) }));

export const POST = route({ auth: "admin", body: flushBody }, ({ body, user }) =>
  flushConfirmed(user, { queue: body.queue || undefined, olderThanHours: body.olderThanHours }, body.expected),
);
