// GET /api/failed-jobs/facets — queues, job names and exception classes seen, for the filter menus.
import { failedFacets } from "@/lib/db/queries/failed-jobs";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => coalesce(readKey("failed-facets", env().REDIS_PREFIX), () => failedFacets()));
