// GET /api/dashboard/metrics — the Metrics screen: per job class and per queue, last 24 h.
import { metricsSummary } from "@/lib/console/metrics-summary";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => coalesce(readKey("metrics", env().REDIS_PREFIX), () => metricsSummary()));
