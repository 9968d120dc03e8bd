// GET /api/webhooks/events/:id — one stored event with its payload preview.
import { idParam } from "@/lib/console/schemas";
import { webhookEventDetail } from "@/lib/db/queries/webhook-events";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: idParam }, ({ params }) => webhookEventDetail(params.id));
