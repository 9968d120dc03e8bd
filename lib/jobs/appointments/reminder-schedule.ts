// When a reminder runs and whether it still should. Pure.
//
// A reminder is dispatched with a delay so it runs 24 h before the appointment,
// and carries the start time it was scheduled for: if the appointment was moved
// since, the job for the old time is a no-op (the move scheduled a new one).
export const REMINDER_LEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Milliseconds from `now` until 24 h before `startsAt`; 0 when that moment has
 * passed but the appointment has not (remind at once); null when it is over.
 */
export function reminderDelayMs(startsAt: Date, now: Date): number | null {
  const untilStart = startsAt.getTime() - now.getTime();
  if (untilStart <= 0) return null;
  return Math.max(0, untilStart - REMINDER_LEAD_MS);
}

/** One reminder per appointment per start time: moving the appointment yields a new id. */
export function reminderJobId(appointmentId: string, startsAt: Date): string {
  return `appointment-reminder-${appointmentId}-${startsAt.getTime()}`;
}

export interface ReminderState {
  status: string;
  startsAt: Date;
  reminderSentAt: Date | null;
}

export type ReminderDecision = { send: true } | { send: false; reason: "missing" | "cancelled" | "moved" | "already-sent" | "past" };

export function reminderDecision(appointment: ReminderState | null, scheduledFor: Date, now: Date): ReminderDecision {
  if (!appointment) return { send: false, reason: "missing" };
  if (appointment.status === "CANCELLED") return { send: false, reason: "cancelled" };
  if (appointment.startsAt.getTime() !== scheduledFor.getTime()) return { send: false, reason: "moved" };
  if (appointment.reminderSentAt) return { send: false, reason: "already-sent" };
  if (appointment.startsAt.getTime() <= now.getTime()) return { send: false, reason: "past" };
  return { send: true };
}
