// GET /api/supervisors — masters, supervisors, processes per queue, autoscaler decisions.
import { supervisorsData } from "@/lib/console/supervisors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => supervisorsData());
