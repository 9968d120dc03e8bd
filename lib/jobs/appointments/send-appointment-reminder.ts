// SendAppointmentReminder: dispatched with a delay so it runs 24 h before the
// appointment (reminder-schedule.ts). It carries the start time it was scheduled
// for; an appointment cancelled or moved since makes it a no-op.
import { z } from "zod";
import type { PrismaClient } from "../../db/client";
import { prisma } from "../../db/client";
import { defineJob, dispatch } from "../../queue";
import { channelSchema, planChannels, type Channel } from "./channels";
import { deliver } from "./deliver";
import { reminderEmail, reminderShortText } from "./messages";
import { appointmentRateLimits } from "./rate-limits";
import { reminderDecision, reminderDelayMs, reminderJobId, type ReminderDecision } from "./reminder-schedule";

export const sendAppointmentReminderPayload = z.object({
  appointmentId: z.string().min(1),
  customerId: z.string().min(1),
  /** The start time this reminder was scheduled for (ISO). */
  startsAt: z.iso.datetime(),
  channels: z.array(channelSchema).min(1).default(["email"]),
});
export type SendAppointmentReminderPayload = z.input<typeof sendAppointmentReminderPayload>;

export type ReminderResult = { outcome: "sent"; sent: Channel[] } | { outcome: "skipped"; reason: Exclude<ReminderDecision, { send: true }>["reason"] };

export async function sendReminder(
  db: PrismaClient,
  payload: { appointmentId: string; startsAt: string; channels: readonly Channel[] },
  opts: { signal?: AbortSignal; now?: Date } = {},
): Promise<ReminderResult> {
  const now = opts.now ?? new Date();
  const appointment = await db.appointment.findUnique({ where: { id: payload.appointmentId }, include: { customer: true, company: true } });
  const decision = reminderDecision(appointment, new Date(payload.startsAt), now);
  if (!decision.send) return { outcome: "skipped", reason: decision.reason };

  const a = appointment!;
  const plan = planChannels(payload.channels, a.customer);
  const text = { companyName: a.company.name, customerName: a.customer.name, service: a.service, startsAt: a.startsAt };
  const content = { email: reminderEmail(text), short: reminderShortText(text) };
  for (const channel of plan.send) {
    await deliver(channel, a.customer, content, { idempotencyKey: `reminder-${a.id}-${a.startsAt.getTime()}-${channel}`, signal: opts.signal });
  }
  // Conditional: a move that raced this reminder keeps its own reminder pending.
  await db.appointment.updateMany({ where: { id: a.id, startsAt: a.startsAt, reminderSentAt: null }, data: { reminderSentAt: now } });
  return { outcome: "sent", sent: plan.send };
}

export const SendAppointmentReminder = defineJob({
  name: "SendAppointmentReminder",
  queue: "emails",
  payload: sendAppointmentReminderPayload,
  tries: 3,
  backoff: [60, 300, 900],
  middleware: (p) => appointmentRateLimits(p.channels),
  tags: (p) => [`appointment:${p.appointmentId}`, `customer:${p.customerId}`],
  async handle(ctx) {
    const result = await sendReminder(prisma(), ctx.payload, { signal: ctx.signal });
    ctx.logger.info({ appointmentId: ctx.payload.appointmentId, ...result }, "appointment reminder");
    return result;
  },
});

/** Dispatches the reminder for the appointment's current start; null when it has already begun. */
export async function scheduleReminder(
  appointment: { id: string; customerId: string; startsAt: Date },
  now: Date = new Date(),
  channels: Channel[] = ["email"],
): Promise<{ jobId: string; delayMs: number } | null> {
  const delayMs = reminderDelayMs(appointment.startsAt, now);
  if (delayMs === null) return null;
  const jobId = reminderJobId(appointment.id, appointment.startsAt);
  await dispatch(
    SendAppointmentReminder,
    { appointmentId: appointment.id, customerId: appointment.customerId, startsAt: appointment.startsAt.toISOString(), channels },
    { delay: delayMs, jobId },
  );
  return { jobId, delayMs };
}
