// POST /api/webhooks/events/:id/replay — re-enqueues ProcessRetellWebhook with the stored event.
import { audited } from "@/lib/console/audit";
import { idParam } from "@/lib/console/schemas";
import { replayWebhookEvent } from "@/lib/console/webhook-replay";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: idParam }, async ({ params, user }) => {
  return audited(user, { action: "webhook.replay", target: `webhook-event:${params.id}`, facts: (r) => r }, () => replayWebhookEvent(params.id));
});
