// Booking, moving and cancelling an appointment, with the jobs each implies:
// a booking sends its confirmation and schedules its reminder; a move schedules
// a reminder for the new time (the old one no-ops); a cancel removes the pending
// reminder when it can (and it would no-op anyway). The booking chain's
// CreateAppointment/SendConfirmations steps are meant to call bookAppointment.
import type { PrismaClient } from "../../db/client";
import type { Appointment } from "../../db/generated/client";
import { dispatch, getQueue } from "../../queue";
import type { Channel } from "./channels";
import { reminderJobId } from "./reminder-schedule";
import { SendAppointmentConfirmation } from "./send-appointment-confirmation";
import { scheduleReminder } from "./send-appointment-reminder";

export interface BookingInput {
  companyId: string;
  customerId: string;
  service: string;
  startsAt: Date;
  endsAt?: Date;
  callId?: string;
  channels?: Channel[];
}

export async function bookAppointment(db: PrismaClient, input: BookingInput, now: Date = new Date()): Promise<Appointment> {
  const appointment = await db.appointment.create({
    data: {
      companyId: input.companyId,
      customerId: input.customerId,
      service: input.service,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      callId: input.callId,
    },
  });
  await dispatch(SendAppointmentConfirmation, {
    appointmentId: appointment.id,
    customerId: appointment.customerId,
    channels: input.channels ?? ["email", "sms"],
  });
  await scheduleReminder(appointment, now);
  return appointment;
}

export async function moveAppointment(db: PrismaClient, id: string, startsAt: Date, now: Date = new Date()): Promise<Appointment> {
  const before = await db.appointment.findUniqueOrThrow({ where: { id } });
  const appointment = await db.appointment.update({ where: { id }, data: { startsAt, reminderSentAt: null } });
  await removePendingReminder(before.id, before.startsAt);
  await scheduleReminder(appointment, now);
  return appointment;
}

export async function cancelAppointment(db: PrismaClient, id: string, now: Date = new Date()): Promise<Appointment> {
  const appointment = await db.appointment.update({ where: { id }, data: { status: "CANCELLED", cancelledAt: now } });
  await removePendingReminder(appointment.id, appointment.startsAt);
  return appointment;
}

/** Best effort: the reminder checks status and start time when it runs, so a leftover is harmless. */
async function removePendingReminder(appointmentId: string, startsAt: Date): Promise<void> {
  try {
    await getQueue("emails").remove(reminderJobId(appointmentId, startsAt));
  } catch {
    // Redis down or the job already running: it will see the change and no-op.
  }
}
