// Webhook numbers for the Webhooks screen: stored events per hour (PostgreSQL)
// and signature failures per hour, which the webhook route counts when it
// refuses a delivery (TEAM.md request to the webhooks engineer; null until then).
import { eventsPerHour, webhookEventTypes } from "../db/queries/webhook-events";
import type { WebhookStats } from "./types";

async function signatureFailuresPerHour(): Promise<{ hour: number; count: number }[] | null> {
  return null;
}

export async function webhookStats(now = Date.now()): Promise<WebhookStats> {
  const [events, failures, types] = await Promise.all([eventsPerHour(24, now), signatureFailuresPerHour(), webhookEventTypes()]);
  return { eventsPerHour: events, signatureFailuresPerHour: failures, eventTypes: types };
}
