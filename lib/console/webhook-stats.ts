// Webhook numbers for the Webhooks screen: stored events per hour (PostgreSQL)
// and signature failures per hour, which the webhook route counts in Redis when
// it refuses a delivery (lib/retell/signature-failures.ts).
import { eventsPerHour, webhookEventTypes } from "../db/queries/webhook-events";
import { logger } from "../logger";
import { signatureFailuresPerHour } from "../retell/signature-failures";
import { consoleRedis } from "./redis";
import type { WebhookStats } from "./types";

/** Null (the screen says so) when Redis cannot be read: the stored events still show. */
async function failuresPerHour(now: number): Promise<{ hour: number; count: number }[] | null> {
  try {
    return await signatureFailuresPerHour(consoleRedis(), 24, now);
  } catch (error) {
    logger.warn({ err: error }, "console: signature failures per hour unreadable");
    return null;
  }
}

export async function webhookStats(now = Date.now()): Promise<WebhookStats> {
  const [events, failures, types] = await Promise.all([eventsPerHour(24, now), failuresPerHour(now), webhookEventTypes()]);
  return { eventsPerHour: events, signatureFailuresPerHour: failures, eventTypes: types };
}
