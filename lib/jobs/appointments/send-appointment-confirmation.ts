// SendAppointmentConfirmation (the seed's job, `emails` queue): confirm a booked
// appointment on each requested channel the customer can and wants to receive.
// Each delivered channel is recorded as it goes, so a retry after a failing
// channel does not repeat the ones already sent; confirmationSentAt marks the end.
import { z } from "zod";
import type { PrismaClient } from "../../db/client";
import { prisma } from "../../db/client";
import { defineJob } from "../../queue";
import { channelSchema, planChannels, type Channel, type ChannelPlan } from "./channels";
import { deliver } from "./deliver";
import { confirmationEmail, confirmationShortText } from "./messages";
import { appointmentRateLimits } from "./rate-limits";

export const sendAppointmentConfirmationPayload = z.object({
  appointmentId: z.string().min(1),
  /** Customer id, for the per-customer rate limiters. */
  customerId: z.string().min(1),
  channels: z.array(channelSchema).min(1).default(["email", "sms"]),
});
export type SendAppointmentConfirmationPayload = z.input<typeof sendAppointmentConfirmationPayload>;

export type ConfirmationResult =
  | { outcome: "sent"; sent: Channel[]; skipped: ChannelPlan["skipped"] }
  | { outcome: "skipped"; reason: "missing" | "cancelled" | "already-confirmed" };

export async function sendConfirmation(
  db: PrismaClient,
  appointmentId: string,
  channels: readonly Channel[],
  opts: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<ConfirmationResult> {
  const appointment = await db.appointment.findUnique({ where: { id: appointmentId }, include: { customer: true, company: true } });
  if (!appointment) return { outcome: "skipped", reason: "missing" };
  if (appointment.status === "CANCELLED") return { outcome: "skipped", reason: "cancelled" };
  if (appointment.confirmationSentAt) return { outcome: "skipped", reason: "already-confirmed" };

  const plan = planChannels(channels, appointment.customer, appointment.confirmationChannels);
  const text = { companyName: appointment.company.name, customerName: appointment.customer.name, service: appointment.service, startsAt: appointment.startsAt };
  const content = { email: confirmationEmail(text), short: confirmationShortText(text) };
  for (const channel of plan.send) {
    await deliver(channel, appointment.customer, content, { idempotencyKey: `confirmation-${appointmentId}-${channel}`, signal: opts.signal });
    await db.appointment.update({ where: { id: appointmentId }, data: { confirmationChannels: { push: channel } } });
  }
  await db.appointment.update({ where: { id: appointmentId }, data: { confirmationSentAt: (opts.now ?? (() => new Date()))() } });
  return { outcome: "sent", sent: plan.send, skipped: plan.skipped };
}

export const SendAppointmentConfirmation = defineJob({
  name: "SendAppointmentConfirmation",
  queue: "emails",
  payload: sendAppointmentConfirmationPayload,
  tries: 3,
  backoff: [30, 120, 600],
  uniqueId: (p) => `appointment-confirmation-${p.appointmentId}`,
  middleware: (p) => appointmentRateLimits(p.channels),
  tags: (p) => [`appointment:${p.appointmentId}`, `customer:${p.customerId}`],
  async handle(ctx) {
    const result = await sendConfirmation(prisma(), ctx.payload.appointmentId, ctx.payload.channels, { signal: ctx.signal });
    ctx.logger.info({ appointmentId: ctx.payload.appointmentId, ...result }, "appointment confirmation");
    return result;
  },
});
