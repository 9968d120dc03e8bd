// GET /api/failed-jobs/:uuid — one archived failure with its payload preview and stack.
import { failedJobDetail } from "@/lib/db/queries/failed-job-detail";
import { uuidParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: uuidParam }, ({ params }) => failedJobDetail(params.uuid));
