// What a company owes for a month, from its calls and appointments. Pure: the
// job loads the rows, this turns them into invoice lines.
//
// AskProAI's price list (the seed names no numbers; these are ours, in one place):
// calls are billed per started minute, each booked appointment is a flat fee.
import { z } from "zod";

export const PRICING = {
  currency: "EUR",
  /** Per started minute of a call. */
  callCentsPerMinute: 12,
  /** Per appointment booked in the month that was not cancelled. */
  appointmentCents: 150,
} as const;

/** Calendar month `YYYY-MM` (UTC). */
export const billingMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM");

/** [start, end) of the month in UTC. */
export function monthRange(month: string): { start: Date; end: Date } {
  const [y, m] = billingMonth.parse(month).split("-").map(Number);
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
}

/** The month before the one `now` falls in: what a run on the 1st bills. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Minutes billed for one call: every started minute; a call without a duration costs nothing. */
export function billableMinutes(durationMs: number | null | undefined): number {
  if (!durationMs || durationMs <= 0) return 0;
  return Math.ceil(durationMs / 60_000);
}

export interface MonthlyCharges {
  callCount: number;
  callMinutes: number;
  callChargeCents: number;
  appointmentCount: number;
  appointmentChargeCents: number;
  totalCents: number;
  currency: string;
}

export function monthlyCharges(calls: { durationMs: number | null }[], appointmentCount: number, pricing = PRICING): MonthlyCharges {
  const callMinutes = calls.reduce((sum, c) => sum + billableMinutes(c.durationMs), 0);
  const callChargeCents = callMinutes * pricing.callCentsPerMinute;
  const appointmentChargeCents = appointmentCount * pricing.appointmentCents;
  return {
    callCount: calls.length,
    callMinutes,
    callChargeCents,
    appointmentCount,
    appointmentChargeCents,
    totalCents: callChargeCents + appointmentChargeCents,
    currency: pricing.currency,
  };
}
