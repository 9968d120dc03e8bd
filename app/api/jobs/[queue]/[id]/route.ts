// GET /api/jobs/:queue/:id — one job: payload preview, options, attempts, logs, stack traces, timeline, relations.
import { jobDetail } from "@/lib/console/job-detail";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: jobParams }, ({ params }) => jobDetail(params.queue, params.id));
