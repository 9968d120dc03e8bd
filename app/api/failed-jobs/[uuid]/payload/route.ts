// GET /api/failed-jobs/:uuid/payload — the whole archived payload as JSON ("load all").
import { failedJobPayloadText } from "@/lib/db/queries/failed-job-detail";
import { uuidParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: uuidParam }, async ({ params }) =>
  new Response(await failedJobPayloadText(params.uuid), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  }),
);
