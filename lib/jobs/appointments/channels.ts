// Which confirmation channels a customer can receive. Pure.
// The seed skips a channel the customer lacks (no email / no phone) or did not
// allow (`sms_notifications`); WhatsApp and email have explicit opt-outs.
import { z } from "zod";

export const CHANNELS = ["email", "sms", "whatsapp"] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export interface ReachableCustomer {
  email: string | null;
  phone: string | null;
  smsNotifications: boolean;
  emailOptOut: boolean;
  whatsappOptOut: boolean;
}

export type SkipReason = "no-email" | "no-phone" | "opted-out";

export function skipReason(channel: Channel, customer: ReachableCustomer): SkipReason | null {
  switch (channel) {
    case "email":
      if (!customer.email) return "no-email";
      return customer.emailOptOut ? "opted-out" : null;
    case "sms":
      if (!customer.phone) return "no-phone";
      return customer.smsNotifications ? null : "opted-out";
    case "whatsapp":
      if (!customer.phone) return "no-phone";
      return customer.whatsappOptOut ? "opted-out" : null;
  }
}

export interface ChannelPlan {
  send: Channel[];
  skipped: { channel: Channel; reason: SkipReason | "already-sent" }[];
}

/** Channels to send now: requested, reachable, and not already delivered by an earlier attempt. */
export function planChannels(requested: readonly Channel[], customer: ReachableCustomer, alreadySent: readonly string[] = []): ChannelPlan {
  const plan: ChannelPlan = { send: [], skipped: [] };
  for (const channel of new Set(requested)) {
    const reason = alreadySent.includes(channel) ? "already-sent" : skipReason(channel, customer);
    if (reason) plan.skipped.push({ channel, reason });
    else plan.send.push(channel);
  }
  return plan;
}
