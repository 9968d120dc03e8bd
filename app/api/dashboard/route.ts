// GET /api/dashboard — per-queue health, wait times and the last hour's headline numbers.
import { dashboardData } from "@/lib/console/dashboard";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => dashboardData());
