// GET /api/failed-jobs — archived failures, newest first, filtered, keyset-paginated.
import { listFailedJobs } from "@/lib/db/queries/failed-jobs";
import { failedListQuery } from "@/lib/console/schemas";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: failedListQuery }, ({ query }) => {
  const { cursor, limit, ...filter } = query;
  return coalesce(readKey("failed-list", env().REDIS_PREFIX, query), () => listFailedJobs(filter, { cursor, limit }));
});
