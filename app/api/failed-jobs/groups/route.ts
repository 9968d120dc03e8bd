// GET /api/failed-jobs/groups — the same filter, grouped by normalized error (count, first/last seen, sample).
import { failedGroups } from "@/lib/db/queries/failed-groups";
import { failedFilterQuery } from "@/lib/console/schemas";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: failedFilterQuery }, ({ query }) =>
  coalesce(readKey("failed-groups", env().REDIS_PREFIX, query), () => failedGroups(query)),
);
