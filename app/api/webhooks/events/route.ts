// GET /api/webhooks/events — stored Retell events, newest first, filtered, keyset-paginated.
import { webhookQuery } from "@/lib/console/schemas";
import { listWebhookEvents } from "@/lib/db/queries/webhook-events";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: webhookQuery }, ({ query }) => {
  const { cursor, limit, ...filter } = query;
  return listWebhookEvents(filter, { cursor, limit });
});
