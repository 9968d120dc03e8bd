// GET /api/dashboard/series?range=1h|24h — throughput, failures, runtime and wait per bucket (all queues).
import { z } from "zod";
import { dashboardSeries } from "@/lib/console/dashboard";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "viewer", query: z.object({ range: z.enum(["1h", "24h"]).default("1h") }) },
  ({ query }) => coalesce(readKey("series", env().REDIS_PREFIX, query.range), () => dashboardSeries(query.range)),
);
