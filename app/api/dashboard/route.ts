// GET /api/dashboard — per-queue health, wait times and the last hour's headline numbers.
import { dashboardData } from "@/lib/console/dashboard";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => coalesce(readKey("dashboard", env().REDIS_PREFIX), () => dashboardData()));
