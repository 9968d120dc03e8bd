// Issue 5: ProcessAppointmentBooking's six-step chain against real PostgreSQL and
// Redis and a local HTTP Cal.com stub. Step 4 failing → rollback: the appointment
// is cancelled, steps 5–6 never run, and the stub receives the booking's cancel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../../db/client";
import { resetEnvCache } from "../../../env";
import { closeQueues, configureFailureAlerts, createQueueWorker, dispatch, getQueue, type QueueWorker } from "../../../queue";
import { findChain, type ChainSnapshot } from "../../../queue/chains";
import { sleep, waitFor } from "../../../queue/test-support";
import { reminderJobId } from "../reminder-schedule";
import { bookingsPerCompany } from "./booking-stats";
import { ProcessAppointmentBooking } from "./process-appointment-booking";
import { startLocalCalcom, type LocalCalcom } from "./testing/local-calcom";

let calcom: LocalCalcom;
let worker: QueueWorker;
const companies: string[] = [];
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  calcom = await startLocalCalcom();
  process.env.CALCOM_BASE_URL = calcom.url;
  resetEnvCache();
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker("bookings", { concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
  await prisma().company.deleteMany({ where: { id: { in: companies } } });
  await calcom.close();
});

let seq = 0;
/** A company, its customer, a call and a PENDING appointment request. */
async function bookingRequest(startsAt: Date, email: string | null = "ada@example.test") {
  const n = `${run}-${++seq}`;
  const company = await prisma().company.create({ data: { name: `Booking Co ${n}` } });
  companies.push(company.id);
  const customer = await prisma().customer.create({ data: { companyId: company.id, name: "Ada Lovelace", email, phone: `+49301${n.replace(/\D/g, "").slice(0, 8)}` } });
  const call = await prisma().call.create({
    data: { retellCallId: `call_booking_${n}`, companyId: company.id, customerId: customer.id, agentId: "agent_test", status: "ended" },
  });
  const request = await prisma().appointmentRequest.create({
    data: { callId: call.id, companyId: company.id, customerId: customer.id, requestedStartsAt: startsAt, service: "Haircut", durationMinutes: 45 },
  });
  return { company, customer, call, request };
}

async function chainFor(requestId: string, status: ChainSnapshot["status"]): Promise<ChainSnapshot> {
  const chainId = await waitFor(async () => {
    const job = await getQueue("bookings").getJob(`appointment-booking-${requestId}`);
    return (job?.returnvalue as { chainId?: string } | undefined)?.chainId;
  });
  return waitFor(async () => {
    const c = await findChain(chainId);
    return c?.status === status && (status !== "FAILED" || c.catch?.doneAt) ? c : undefined;
  }, 20_000, 50);
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000);

describe("ProcessAppointmentBooking", () => {
  it("books: appointment, Cal.com booking, confirmation dispatched, statistics counted", async () => {
    calcom.bookingStatus = "accepted";
    const { company, customer, request } = await bookingRequest(future(3));
    await dispatch(ProcessAppointmentBooking, { appointmentRequestId: request.id, eventTypeId: 42 });
    const chain = await chainFor(request.id, "COMPLETED");
    expect(chain.steps.map((s) => s.name)).toEqual([
      "ValidateBookingData", "CheckAvailability", "CreateAppointment", "CreateCalcomBooking", "SendConfirmations", "UpdateStatistics",
    ]);
    const [appointment] = await prisma().appointment.findMany({ where: { companyId: company.id } });
    expect(appointment).toMatchObject({ status: "SCHEDULED", customerId: customer.id, service: "Haircut" });
    expect(await prisma().appointmentRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: "BOOKED" });
    const create = calcom.creates().find((r) => (r.body.metadata as Record<string, string>)?.appointmentId === appointment.id)!;
    expect(create.body).toMatchObject({ eventTypeId: 42, lengthInMinutes: 45, attendee: { name: "Ada Lovelace", email: "ada@example.test", timeZone: "Europe/Berlin" } });
    expect(create.headers["cal-api-version"]).toBe("2024-08-13");
    expect(await prisma().calcomBooking.findUnique({ where: { appointmentId: appointment.id } })).toMatchObject({ status: "ACCEPTED" });
    const confirmation = await getQueue("emails").getJob(`appointment-confirmation-${appointment.id}`);
    expect(confirmation?.data.payload).toMatchObject({ appointmentId: appointment.id, customerId: customer.id });
    // The reminder is scheduled for 24 h before the start (the appointment is 3 days out).
    const reminder = await getQueue("emails").getJob(reminderJobId(appointment.id, appointment.startsAt));
    expect(await reminder?.getState()).toBe("delayed");
    expect(Math.abs(reminder!.timestamp + reminder!.opts.delay! - (appointment.startsAt.getTime() - 86_400_000))).toBeLessThan(60_000);
    expect((await bookingsPerCompany(appointment.startsAt.toISOString().slice(0, 7)))[company.id]).toBe(1);
  });

  it("step 4 fails (Cal.com did not accept): rollback cancels the Cal.com booking and the appointment; steps 5–6 never run", async () => {
    calcom.bookingStatus = "pending";
    const { company, request } = await bookingRequest(future(4));
    await dispatch(ProcessAppointmentBooking, { appointmentRequestId: request.id, eventTypeId: 42 });
    const chain = await chainFor(request.id, "FAILED");
    expect(chain).toMatchObject({ failedStep: 3, catch: { handler: "appointments.booking.rollback", error: null } });
    expect(chain.steps.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "SKIPPED", "SKIPPED"]);
    expect(chain.steps[3]).toMatchObject({ attempts: 1, error: expect.stringMatching(/pending, not accepted/) });

    const [appointment] = await prisma().appointment.findMany({ where: { companyId: company.id } });
    const booking = await prisma().calcomBooking.findUniqueOrThrow({ where: { appointmentId: appointment.id } });
    // The Cal.com stub sees the cancel of exactly that booking (CancelCalcomBooking job).
    const cancel = await waitFor(() => calcom.cancels().find((r) => r.path === `/v2/bookings/${booking.uid}/cancel`));
    expect(cancel.body.cancellationReason).toMatch(/CreateCalcomBooking/);
    await waitFor(async () => (await prisma().calcomBooking.findUnique({ where: { id: booking.id } }))?.status === "CANCELLED");
    expect(await prisma().appointment.findUnique({ where: { id: appointment.id } })).toMatchObject({ status: "CANCELLED", cancelledAt: expect.any(Date) });
    expect(await prisma().appointmentRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: "REJECTED" });
    // Steps 5–6 never ran: no confirmation job, no statistics.
    await sleep(200);
    expect(await getQueue("emails").getJob(`appointment-confirmation-${appointment.id}`)).toBeUndefined();
    expect((await bookingsPerCompany(appointment.startsAt.toISOString().slice(0, 7)))[company.id]).toBeUndefined();
    expect(calcom.cancels().filter((r) => r.path.includes(booking.uid))).toHaveLength(1);
  });

  it("invalid data fails at step 1 at once: no appointment, no Cal.com call, request rejected", async () => {
    const { company, request } = await bookingRequest(new Date(Date.now() - 60_000));
    const before = calcom.requests.length;
    await dispatch(ProcessAppointmentBooking, { appointmentRequestId: request.id, eventTypeId: 42 });
    const chain = await chainFor(request.id, "FAILED");
    expect(chain.failedStep).toBe(0);
    expect(chain.steps[0]).toMatchObject({ status: "FAILED", attempts: 1, error: expect.stringMatching(/in the past/) });
    expect(await prisma().appointment.count({ where: { companyId: company.id } })).toBe(0);
    expect(calcom.requests.length).toBe(before);
    expect(await prisma().appointmentRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: "REJECTED" });
  });

  it("a slot already taken fails at CheckAvailability before anything is created", async () => {
    calcom.bookingStatus = "accepted";
    const startsAt = future(5);
    const { company, customer, request } = await bookingRequest(startsAt);
    await prisma().appointment.create({ data: { companyId: company.id, customerId: customer.id, service: "Other", startsAt: new Date(startsAt.getTime() + 15 * 60_000) } });
    await dispatch(ProcessAppointmentBooking, { appointmentRequestId: request.id, eventTypeId: 42 });
    const chain = await chainFor(request.id, "FAILED");
    expect(chain.failedStep).toBe(1);
    expect(chain.steps[1].error).toMatch(/clashes with appointment/);
    expect(await prisma().appointment.count({ where: { companyId: company.id } })).toBe(1);
  });
});
