// Cal.com API v2 over HTTP (https://cal.com/docs/api-reference/v2): create and
// cancel bookings. CALCOM_BASE_URL is the API root (https://api.cal.com); tests
// point it at a local stub. Errors a retry can fix (network, 5xx, 429) are plain
// errors; the others are permanent (booking-errors.ts).
import { z } from "zod";
import { env } from "../../../env";
import { CalcomRequestRefused, SlotUnavailable } from "./booking-errors";

const API_VERSION = "2024-08-13";
const REQUEST_TIMEOUT_MS = 10_000;

export const calcomBookingSchema = z.looseObject({
  id: z.number().optional(),
  uid: z.string().min(1),
  status: z.enum(["accepted", "pending", "cancelled", "rejected"]),
  start: z.string().optional(),
  end: z.string().optional(),
});
export type CalcomBooking = z.infer<typeof calcomBookingSchema>;

const envelope = z.looseObject({ status: z.literal("success"), data: calcomBookingSchema });

export interface CreateBookingInput {
  start: Date;
  eventTypeId: number;
  lengthInMinutes?: number;
  attendee: { name: string; email?: string; phoneNumber?: string; timeZone: string };
  /** Our references, stored with the booking at Cal.com (string values only). */
  metadata: Record<string, string>;
}

export class CalcomUnavailable extends Error {
  override readonly name = "CalcomUnavailable";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

async function call(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const url = new URL(path, env().CALCOM_BASE_URL.replace(/\/?$/, "/")).toString();
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cal-api-version": API_VERSION,
        ...(env().CALCOM_API_KEY ? { authorization: `Bearer ${env().CALCOM_API_KEY}` } : {}),
      },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new CalcomUnavailable(`Cal.com unreachable at ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text);
    } catch {
      throw new CalcomUnavailable(`Cal.com answered ${response.status} with invalid JSON`, response.status);
    }
  }
  const detail = `Cal.com ${response.status} on ${path}: ${text.slice(0, 300)}`;
  if (response.status === 409) throw new SlotUnavailable(detail);
  if (response.status === 429 || response.status >= 500) throw new CalcomUnavailable(detail, response.status);
  throw new CalcomRequestRefused(detail);
}

export async function createCalcomBooking(input: CreateBookingInput, signal?: AbortSignal): Promise<CalcomBooking> {
  const json = await call("v2/bookings", {
    start: input.start.toISOString(),
    eventTypeId: input.eventTypeId,
    ...(input.lengthInMinutes ? { lengthInMinutes: input.lengthInMinutes } : {}),
    attendee: input.attendee,
    metadata: input.metadata,
  }, signal);
  const parsed = envelope.safeParse(json);
  if (!parsed.success) throw new CalcomUnavailable(`Cal.com booking answer not understood: ${parsed.error.issues[0]?.message}`);
  return parsed.data.data;
}

/** Cancels a booking; a booking Cal.com no longer knows (404) counts as cancelled. */
export async function cancelCalcomBooking(uid: string, reason: string, signal?: AbortSignal): Promise<"cancelled" | "not-found"> {
  try {
    await call(`v2/bookings/${encodeURIComponent(uid)}/cancel`, { cancellationReason: reason }, signal);
    return "cancelled";
  } catch (error) {
    if (error instanceof CalcomRequestRefused && /Cal\.com 404/.test(error.message)) return "not-found";
    throw error;
  }
}
