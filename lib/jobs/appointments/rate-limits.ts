// The seed's named limiters for customer notifications: `emails` (100/h per
// customer) and `sms` (50/day per customer, WhatsApp counts as a text message).
// Keyed by the payload's customerId (lib/queue/rate-limits.ts); a job over its
// limit is postponed, not failed.
import { rateLimited, type JobMiddleware } from "../../queue";
import type { Channel } from "./channels";

export function appointmentRateLimits(channels: readonly Channel[]): JobMiddleware[] {
  const middleware: JobMiddleware[] = [];
  if (channels.includes("email")) middleware.push(rateLimited("emails"));
  if (channels.includes("sms") || channels.includes("whatsapp")) middleware.push(rateLimited("sms"));
  return middleware;
}
