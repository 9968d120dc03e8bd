// GET  /api/failed-jobs/retry?<filter>|uuids=a,b — dry run: "retry 412, skip 17 permanent failures".
// POST /api/failed-jobs/retry {filter|uuids, cursor, size} — retries the next chunk and answers
// where to continue; the screen repeats it (one request at a time) and shows the progress.
import { audited } from "@/lib/console/audit";
import { retryFailedChunk } from "@/lib/console/failed-actions";
import { failedSelection, retryChunkBody } from "@/lib/console/schemas";
import { retryPreview, type FailedFilter } from "@/lib/db/queries/failed-jobs";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: failedSelection }, ({ query }) => {
  const { uuids, ...filter } = query;
  return retryPreview(uuids ? { uuids } : filter);
});

export const POST = route({ auth: "admin", body: retryChunkBody }, async ({ body, user }) => {
  const f = body.filter;
  const filter: FailedFilter = body.uuids
    ? { uuids: body.uuids }
    : { ...f, from: f.from ? new Date(f.from) : undefined, to: f.to ? new Date(f.to) : undefined };
  return audited(
    user,
    {
      action: "failed-job.retry-bulk",
      target: body.uuids ? "failed-jobs:selected" : "failed-jobs:filter",
      details: { filter: body.uuids ? { uuids: body.uuids.length } : body.filter },
      facts: (r) => ({ processed: r.processed, retried: r.retried, skipped: r.skipped.length }),
    },
    () => retryFailedChunk(filter, body.cursor, user.email, body.size),
  );
});
