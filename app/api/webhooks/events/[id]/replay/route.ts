// POST /api/webhooks/events/:id/replay — re-enqueues ProcessRetellWebhook with the stored event.
import { audit } from "@/lib/console/audit";
import { idParam } from "@/lib/console/schemas";
import { replayWebhookEvent } from "@/lib/console/webhook-replay";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: idParam }, async ({ params, user }) => {
  const result = await replayWebhookEvent(params.id);
  await audit(user, "webhook.replay", `webhook-event:${params.id}`, result);
  return result;
});
