// SendAppointmentConfirmation and SendAppointmentReminder against a local SMTP
// server and a local HTTP stand-in for the SMS/WhatsApp provider, with real
// Redis workers and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { closeQueues, createQueueWorker, fakeQueue, getQueue, type QueueWorker } from "@/lib/queue";
import { createCompany, uniquePhone, uniqueSuffix, waitForJob } from "../testing/harness";
import { startLocalSmsProvider, type LocalSmsProvider } from "../testing/local-sms-provider";
import { startLocalSmtp, type LocalSmtp } from "../testing/local-smtp";
import { bookAppointment, cancelAppointment, moveAppointment } from "./appointment-lifecycle";
import { appointmentRateLimits } from "./rate-limits";
import { reminderJobId, REMINDER_LEAD_MS } from "./reminder-schedule";
import { sendConfirmation, SendAppointmentConfirmation } from "./send-appointment-confirmation";
import { sendReminder, SendAppointmentReminder } from "./send-appointment-reminder";
import { MessagingProviderError } from "./messaging-provider";
import "../index";

const db = prisma();
let smtp: LocalSmtp;
let sms: LocalSmsProvider;
let worker: QueueWorker;
let company: Awaited<ReturnType<typeof createCompany>>;
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  smtp = await startLocalSmtp();
  sms = await startLocalSmsProvider();
  process.env.SMTP_URL = smtp.url;
  process.env.SMS_PROVIDER_URL = sms.url;
  resetEnvCache();
  company = await createCompany(db, { name: "Salon Schnittig" });
  worker = createQueueWorker("emails", { concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await smtp.close();
  await sms.close();
});

async function customer(overrides: Partial<{ email: string | null; smsNotifications: boolean; emailOptOut: boolean; whatsappOptOut: boolean }> = {}) {
  const suffix = uniqueSuffix();
  return db.customer.create({
    data: { companyId: company.id, name: `Kunde ${suffix}`, email: `kunde-${suffix}@example.test`, phone: uniquePhone(), ...overrides },
  });
}

const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
const textsTo = (phone: string) => sms.received.filter((m) => m.to === phone);

describe("SendAppointmentConfirmation", () => {
  it("mails the customer through SMTP and texts them through the provider, then records both", async () => {
    const c = await customer();
    const appointment = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt: new Date(Date.now() + 72 * HOUR) });
    const job = await waitForJob("emails", `appointment-confirmation-${appointment.id}`);
    expect(job.returnvalue).toMatchObject({ outcome: "sent", sent: ["email", "sms"] });

    const [mail] = mailsTo(c.email!);
    expect(mail.raw).toContain("Subject: Your appointment with Salon Schnittig");
    expect(mail.raw).toContain("Haircut");
    const [text] = textsTo(c.phone!);
    expect(text).toMatchObject({ channel: "sms", idempotencyKey: `confirmation-${appointment.id}-sms` });
    expect(text.body).toContain("Salon Schnittig: your Haircut appointment is confirmed");

    const stored = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
    expect(stored.confirmationChannels).toEqual(["email", "sms"]);
    expect(stored.confirmationSentAt).toBeInstanceOf(Date);
  });

  it("skips the channels an opted-out customer refused (sms_notifications off, WhatsApp opt-out)", async () => {
    const c = await customer({ smsNotifications: false, whatsappOptOut: true });
    const appointment = await bookAppointment(db, {
      companyId: company.id, customerId: c.id, service: "Colour", startsAt: new Date(Date.now() + 48 * HOUR), channels: ["email", "sms", "whatsapp"],
    });
    const job = await waitForJob("emails", `appointment-confirmation-${appointment.id}`);
    expect(job.returnvalue).toMatchObject({
      outcome: "sent", sent: ["email"], skipped: [{ channel: "sms", reason: "opted-out" }, { channel: "whatsapp", reason: "opted-out" }],
    });
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect(textsTo(c.phone!)).toHaveLength(0);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).confirmationChannels).toEqual(["email"]);
  });

  it("an email opt-out and a missing email are skipped too; WhatsApp goes through the provider", async () => {
    const optedOut = await customer({ emailOptOut: true });
    const noEmail = await customer({ email: null });
    for (const c of [optedOut, noEmail]) {
      const a = await db.appointment.create({ data: { companyId: company.id, customerId: c.id, service: "Beard", startsAt: new Date(Date.now() + 30 * HOUR) } });
      const result = await sendConfirmation(db, a.id, ["email", "whatsapp"]);
      expect(result).toMatchObject({ outcome: "sent", sent: ["whatsapp"] });
      expect(textsTo(c.phone!)).toMatchObject([{ channel: "whatsapp" }]);
    }
    expect(mailsTo(optedOut.email!)).toHaveLength(0);
  });

  it("a retry after a failing provider does not mail the customer twice", async () => {
    const c = await customer();
    const a = await db.appointment.create({ data: { companyId: company.id, customerId: c.id, service: "Haircut", startsAt: new Date(Date.now() + 50 * HOUR) } });
    sms.failNext(503);
    await expect(sendConfirmation(db, a.id, ["email", "sms"])).rejects.toBeInstanceOf(MessagingProviderError);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: a.id } })).confirmationSentAt).toBeNull();
    expect(await sendConfirmation(db, a.id, ["email", "sms"])).toMatchObject({ outcome: "sent", sent: ["sms"] });
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect(textsTo(c.phone!)).toHaveLength(1);
    expect(await sendConfirmation(db, a.id, ["email", "sms"])).toEqual({ outcome: "skipped", reason: "already-confirmed" });
  });

  it("is rate limited by the seed's named limiters: emails for mail, sms for texts and WhatsApp", () => {
    expect(appointmentRateLimits(["email"]).map((m) => m.name)).toEqual(["rateLimited:emails"]);
    expect(appointmentRateLimits(["email", "sms", "whatsapp"]).map((m) => m.name)).toEqual(["rateLimited:emails", "rateLimited:sms"]);
  });
});

describe("booking with the queue faked", () => {
  it("bookAppointment pushes one confirmation on both channels and one reminder 24 h ahead; nothing reaches Redis", async () => {
    const c = await customer();
    const startsAt = new Date(Date.now() + 72 * HOUR);
    const now = new Date();
    const fake = fakeQueue();
    let a: Awaited<ReturnType<typeof bookAppointment>>;
    try {
      a = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt }, now);
    } finally {
      fake.restore();
    }
    fake.assertPushed(SendAppointmentConfirmation, (p) => p.appointmentId === a.id && p.channels.join() === "email,sms");
    fake.assertPushedTimes(SendAppointmentConfirmation, 1);
    fake.assertPushedOn("emails", SendAppointmentReminder, (p) => p.appointmentId === a.id && p.startsAt === startsAt.toISOString());
    fake.assertPushedTimes(SendAppointmentReminder, 1);
    const [reminder] = fake.pushedOf(SendAppointmentReminder);
    expect(reminder.id).toBe(reminderJobId(a.id, startsAt));
    expect(reminder.delayMs).toBe(startsAt.getTime() - REMINDER_LEAD_MS - now.getTime());
    expect(await getQueue("emails").getJob(reminderJobId(a.id, startsAt))).toBeUndefined();
  });
});

describe("SendAppointmentReminder", () => {
  it("is dispatched with a delay that lands 24 h before the appointment", async () => {
    const c = await customer();
    const startsAt = new Date(Date.now() + 72 * HOUR);
    const before = Date.now();
    const a = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt });
    const job = await getQueue("emails").getJob(reminderJobId(a.id, startsAt));
    expect(job?.name).toBe("SendAppointmentReminder");
    expect(await job!.getState()).toBe("delayed");
    const runsAt = job!.timestamp + job!.opts.delay!;
    expect(Math.abs(runsAt - (startsAt.getTime() - REMINDER_LEAD_MS))).toBeLessThan(Date.now() - before + 1_000);
    expect(job!.data.payload).toMatchObject({ appointmentId: a.id, startsAt: startsAt.toISOString() });
  });

  it("an appointment less than 24 h away is reminded at once", async () => {
    const c = await customer();
    const startsAt = new Date(Date.now() + 3 * HOUR);
    const a = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt });
    const job = await waitForJob("emails", reminderJobId(a.id, startsAt));
    expect(job.opts.delay ?? 0).toBe(0);
    expect(job.returnvalue).toEqual({ outcome: "sent", sent: ["email"] });
    expect(mailsTo(c.email!).some((m) => m.raw.includes("Subject: Reminder: Haircut with Salon Schnittig"))).toBe(true);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: a.id } })).reminderSentAt).toBeInstanceOf(Date);
  });

  it("moving the appointment schedules a new reminder, and the old one no-ops", async () => {
    const c = await customer();
    const first = new Date(Date.now() + 72 * HOUR);
    const moved = new Date(Date.now() + 96 * HOUR);
    const a = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt: first });
    await moveAppointment(db, a.id, moved);
    expect(await getQueue("emails").getJob(reminderJobId(a.id, first))).toBeUndefined();
    expect(await (await getQueue("emails").getJob(reminderJobId(a.id, moved)))!.getState()).toBe("delayed");
    // Had the old job already been running, it would see the move:
    expect(await sendReminder(db, { appointmentId: a.id, startsAt: first.toISOString(), channels: ["email"] })).toEqual({ outcome: "skipped", reason: "moved" });
  });

  it("a cancelled appointment's reminder is removed, and would no-op if it ran", async () => {
    const c = await customer();
    const startsAt = new Date(Date.now() + 72 * HOUR);
    const a = await bookAppointment(db, { companyId: company.id, customerId: c.id, service: "Haircut", startsAt });
    await cancelAppointment(db, a.id);
    expect(await getQueue("emails").getJob(reminderJobId(a.id, startsAt))).toBeUndefined();
    expect(await sendReminder(db, { appointmentId: a.id, startsAt: startsAt.toISOString(), channels: ["email"] })).toEqual({ outcome: "skipped", reason: "cancelled" });
    expect(mailsTo(c.email!).filter((m) => m.raw.includes("Reminder"))).toHaveLength(0);
  });
});
