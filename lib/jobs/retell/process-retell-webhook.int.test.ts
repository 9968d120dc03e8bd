// ProcessRetellWebhook end to end: signed deliveries in Retell's format go through
// the route handler into Redis, real workers run the jobs, PostgreSQL holds the effects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/retell/webhook/route";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues, createQueueWorker, getQueue, runtimeRedis, type QueueWorker } from "@/lib/queue";
import { newRetellCallId, retellEnvelope, type CallFacts } from "@/lib/retell/fixtures";
import { createCompany, postSigned, uniquePhone, waitForJob } from "../testing/harness";
import { collectRouteDuplicates } from "@/lib/retell/route-duplicates";
import { applyWebhookEvent } from "./webhook-event-store";
import "../index";

const key = env().RETELL_API_KEY!;
const db = prisma();
const workers: QueueWorker[] = [];
const finalFailures: { name: string; error: Error }[] = [];
let company: Awaited<ReturnType<typeof createCompany>>;

beforeAll(async () => {
  company = await createCompany(db);
  const onFinalFailure = async (f: { job: { name: string }; error: Error }) => void finalFailures.push({ name: f.job.name, error: f.error });
  workers.push(createQueueWorker("webhooks", { concurrency: 2, onFinalFailure }), createQueueWorker("bookings", { onFinalFailure }));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
});

async function waitForRow(eventId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await db.webhookEvent.findUnique({ where: { eventId } }))) {
    if (Date.now() > deadline) throw new Error(`no WebhookEvent ${eventId} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Delivers `event` for the call through the route and waits for its job. */
async function deliver(event: string, facts: CallFacts & { callId: string }) {
  const response = await postSigned(POST, retellEnvelope(event, facts), key);
  expect(response.status).toBe(204);
  return waitForJob("webhooks", `retell-${facts.callId}-${event}`);
}

function facts(overrides: Partial<CallFacts> = {}): CallFacts & { callId: string } {
  return { callId: newRetellCallId(), agentId: company.retellAgentId!, fromNumber: uniquePhone(), toNumber: company.phoneNumber!, startedAt: Date.now() - 60_000, ...overrides };
}

describe("each event's effects", () => {
  it("call_started creates the Call for the agent's company and the caller as a new Customer", async () => {
    const f = facts();
    const job = await deliver("call_started", f);
    expect(job.returnvalue).toMatchObject({ outcome: "processed" });
    const call = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId }, include: { customer: true } });
    expect(call).toMatchObject({ companyId: company.id, agentId: f.agentId, direction: "inbound", status: "ongoing", fromNumber: f.fromNumber });
    expect(call.startedAt?.getTime()).toBe(f.startedAt);
    expect(call.customer).toMatchObject({ companyId: company.id, phone: f.fromNumber });
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { eventId: `retell-${f.callId}-call_started` } });
    expect(event).toMatchObject({ provider: "retell", eventType: "call_started", handled: true, duplicateCount: 0, callId: f.callId });
    expect(event.processedAt).toBeInstanceOf(Date);
  });

  it("a second call from the same number reuses the customer; an unknown agent is matched by the number called", async () => {
    const caller = uniquePhone();
    const first = facts({ fromNumber: caller });
    const second = facts({ fromNumber: caller, agentId: "agent_not_configured" });
    await deliver("call_started", first);
    await deliver("call_started", second);
    const calls = await db.call.findMany({ where: { retellCallId: { in: [first.callId, second.callId] } } });
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.customerId)).size).toBe(1);
    expect(calls.every((c) => c.companyId === company.id)).toBe(true);
  });

  it("call_ended stores duration, disconnection reason, transcript and recording URL", async () => {
    const f = facts({ durationMs: 123_000 });
    await deliver("call_started", f);
    await deliver("call_ended", f);
    const call = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });
    expect(call).toMatchObject({ status: "ended", durationMs: 123_000, disconnectionReason: "user_hangup" });
    expect(call.transcript).toContain("book an appointment");
    expect(call.recordingUrl).toContain(f.callId);
    expect(call.endedAt?.getTime()).toBe(f.startedAt! + 123_000);
  });

  it("call_analyzed stores summary, sentiment, success and custom data, and records the appointment request", async () => {
    const f = facts({
      summary: "Wants a haircut on Thursday",
      sentiment: "Neutral",
      successful: true,
      customAnalysis: { appointment_request: { starts_at: "2026-12-03T10:00:00+01:00", service: "Haircut", duration_minutes: 45 }, language: "de" },
    });
    await deliver("call_analyzed", f);
    const call = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });
    expect(call).toMatchObject({ summary: "Wants a haircut on Thursday", sentiment: "Neutral", successful: true, inVoicemail: false });
    expect(call.customAnalysis).toMatchObject({ language: "de" });
    expect(call.analyzedAt).toBeInstanceOf(Date);

    const booking = await waitForJob("bookings", `appointment-request-${f.callId}`);
    expect(booking.name).toBe("RecordAppointmentRequest");
    const request = await db.appointmentRequest.findUniqueOrThrow({ where: { callId: call.id } });
    expect(booking.returnvalue).toMatchObject({ outcome: "recorded", status: "PENDING", requestId: request.id });
    expect(request).toMatchObject({ companyId: company.id, customerId: call.customerId, service: "Haircut", durationMinutes: 45 });
    expect(request.requestedStartsAt.toISOString()).toBe("2026-12-03T09:00:00.000Z");
    // …and handed to the booking chain (its own tests cover what the chain does).
    const chainJob = await getQueue("bookings").getJob(booking.returnvalue.bookingJobId);
    expect(chainJob).toMatchObject({ name: "ProcessAppointmentBooking", data: { payload: { appointmentRequestId: request.id } } });
  });

  it("events may arrive out of order: call_started after call_ended does not reopen the call", async () => {
    const f = facts();
    await deliver("call_ended", f);
    await deliver("call_started", f);
    const call = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });
    expect(call.status).toBe("ended");
    expect(call.durationMs).toBe(95_000);
  });

  it("transcript_updated, transfer_* and unknown events are recorded as unhandled and never fail", async () => {
    const f = facts();
    for (const event of ["transcript_updated", "transfer_started", "call_teleported"]) {
      const envelope = retellEnvelope(event, f);
      expect((await postSigned(POST, envelope, key)).status).toBe(204);
    }
    const deadline = Date.now() + 15_000;
    let events: { eventType: string; handled: boolean }[] = [];
    while (events.length < 3 && Date.now() < deadline) {
      events = await db.webhookEvent.findMany({ where: { callId: f.callId }, select: { eventType: true, handled: true } });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.map((e) => e.eventType).sort()).toEqual(["call_teleported", "transcript_updated", "transfer_started"]);
    expect(events.every((e) => !e.handled)).toBe(true);
    expect(await db.call.count({ where: { retellCallId: f.callId } })).toBe(0);
  });

  it("a call for an agent and number no company has fails at once (no retries), storing nothing", async () => {
    const f = facts({ agentId: "agent_nobody", toNumber: uniquePhone("+4940") });
    const job = await deliver("call_started", f);
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain("No company has Retell agent agent_nobody");
    expect(finalFailures.some((x) => x.error.message.includes("agent_nobody"))).toBe(true);
    expect(await db.webhookEvent.count({ where: { callId: f.callId } })).toBe(0);
  });
});

describe("duplicates", () => {
  it("three deliveries of one event → one Call and one WebhookEvent", async () => {
    const f = facts();
    const envelope = retellEnvelope("call_started", f);
    const answers = await Promise.all([0, 1, 2].map(() => postSigned(POST, envelope, key)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    await waitForJob("webhooks", `retell-${f.callId}-call_started`);
    expect(await db.call.count({ where: { retellCallId: f.callId } })).toBe(1);
    expect(await db.webhookEvent.count({ where: { callId: f.callId } })).toBe(1);
    expect(await db.customer.count({ where: { companyId: company.id, phone: f.fromNumber } })).toBe(1);
  });

  it("deliveries the route absorbed (same job id) are added to the event's duplicate count by housekeeping, once", async () => {
    const f = facts();
    const envelope = retellEnvelope("call_started", f);
    const id = `retell-${f.callId}-call_started`;
    // Two retries before the job has run: the webhook event row does not exist yet, the counts wait for it.
    await workers[0].pause();
    try {
      for (let i = 0; i < 3; i++) expect((await postSigned(POST, envelope, key)).status).toBe(204);
      const early = await collectRouteDuplicates(runtimeRedis(), db);
      expect(early).toMatchObject({ pending: expect.any(Number), missed: false });
      expect(early!.found).toBeGreaterThanOrEqual(2);
      expect(await db.webhookEvent.count({ where: { eventId: id } })).toBe(0);
    } finally {
      workers[0].resume();
    }
    await waitForJob("webhooks", id);
    await waitForRow(id);
    // A third retry after the job finished is absorbed the same way.
    expect((await postSigned(POST, envelope, key)).status).toBe(204);
    await collectRouteDuplicates(runtimeRedis(), db);
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { eventId: id } })).duplicateCount).toBe(3);
    // Running again reads nothing new and adds nothing.
    expect(await collectRouteDuplicates(runtimeRedis(), db)).toMatchObject({ found: 0 });
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { eventId: id } });
    expect(event.duplicateCount).toBe(3);
    expect(event.lastDuplicateAt).toBeInstanceOf(Date);
  });

  it("a duplicate arriving after the job finished and its Redis keys were trimmed changes nothing but the count", async () => {
    const f = facts({ customAnalysis: { appointment_request: { starts_at: "2026-12-04T15:00:00Z" } } });
    const envelope = retellEnvelope("call_analyzed", f);
    expect((await postSigned(POST, envelope, key)).status).toBe(204);
    const jobId = `retell-${f.callId}-call_analyzed`;
    const first = await waitForJob("webhooks", jobId);
    expect(first.returnvalue).toMatchObject({ outcome: "processed" });
    await waitForJob("bookings", `appointment-request-${f.callId}`);
    const callBefore = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });

    // Trim: the finished jobs and their keys are gone from Redis, as after removeOnComplete.
    await (await getQueue("webhooks").getJob(jobId))!.remove();
    await (await getQueue("bookings").getJob(`appointment-request-${f.callId}`))!.remove();
    expect(await getQueue("webhooks").getJob(jobId)).toBeUndefined();

    expect((await postSigned(POST, envelope, key)).status).toBe(204);
    const late = await waitForJob("webhooks", jobId);
    expect(late.returnvalue).toMatchObject({ outcome: "duplicate" });
    await waitForJob("bookings", `appointment-request-${f.callId}`);

    const callAfter = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });
    expect(callAfter.updatedAt).toEqual(callBefore.updatedAt);
    expect(callAfter.analyzedAt).toEqual(callBefore.analyzedAt);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { eventId: jobId } });
    expect(event.duplicateCount).toBe(1);
    expect(event.lastDuplicateAt).toBeInstanceOf(Date);
    expect(await db.appointmentRequest.count({ where: { callId: callAfter.id } })).toBe(1);
  });
});

describe("the transaction, without Redis's dedupe", () => {
  it("three concurrent applications of one delivery: one processed, two duplicates, one Call", async () => {
    const f = facts();
    const delivery = { webhookId: `retell-${f.callId}-call_started`, receivedAt: new Date(), envelope: retellEnvelope("call_started", f) as never };
    const outcomes = await Promise.all([0, 1, 2].map(() => applyWebhookEvent(db, delivery)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["duplicate", "duplicate", "processed"]);
    expect(await db.call.count({ where: { retellCallId: f.callId } })).toBe(1);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.webhookId } });
    expect(event.duplicateCount).toBe(2);
  });

  it("different events of one new call processed at the same moment both succeed on the first attempt", async () => {
    const f = facts();
    const deliveries = ["call_ended", "call_analyzed"].map((event) => ({
      webhookId: `retell-${f.callId}-${event}`, receivedAt: new Date(), envelope: retellEnvelope(event, f) as never,
    }));
    const outcomes = await Promise.all(deliveries.map((d) => applyWebhookEvent(db, d)));
    expect(outcomes.map((o) => o.outcome)).toEqual(["processed", "processed"]);
    const call = await db.call.findUniqueOrThrow({ where: { retellCallId: f.callId } });
    expect(call.summary).toBeTruthy();
    expect(await db.customer.count({ where: { companyId: company.id, phone: f.fromNumber } })).toBe(1);
  });
});
