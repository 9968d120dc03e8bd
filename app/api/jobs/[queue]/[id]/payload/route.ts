// GET /api/jobs/:queue/:id/payload — the whole payload as JSON ("load all").
import { jobPayloadText } from "@/lib/console/job-detail";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: jobParams }, async ({ params }) =>
  new Response(await jobPayloadText(params.queue, params.id), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  }),
);
