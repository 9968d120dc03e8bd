// `npm run demo`: traffic for the running console + workers (`npm start` / `npm run dev`),
// so every screen has something to show within a minute:
//   - signed Retell deliveries (call_started/ended/analyzed, transcript updates), with
//     duplicates, a few bad ones (401/400) and calls for an unconfigured agent (failed jobs);
//   - appointment requests (→ booking chain), booked appointments (confirmation mail/SMS,
//     reminders), some moved or cancelled;
//   - payments on `critical` (an inactive company's are declined), monthly reports on `reports`.
// Local SMTP and SMS stand-ins run while it does (scripts/demo/stubs.ts).
//
// Options: --duration=<s> (60) --rate=<calls/s> (1) --url=<console> (http://localhost:$PORT)
//          --sms-failure-rate=<0..1> (0.15) --settle=<s> (15: how long the mail/SMS stand-ins
//          stay up after the traffic, for the workers to finish)
import { parseArgs } from "node:util";
import { prisma } from "../lib/db/client";
import { env } from "../lib/env";
import { bookAppointment, cancelAppointment, moveAppointment } from "../lib/jobs/appointments/appointment-lifecycle";
import { ProcessPayment } from "../lib/jobs/billing/process-payment";
import { previousMonth } from "../lib/jobs/reports/csv";
import { GenerateMonthlyReport } from "../lib/jobs/reports/generate-monthly-report";
import { closeQueues, dispatch } from "../lib/queue";
import { resolveRetellKey } from "../lib/retell/webhook-key";
import { seedDemo, type DemoCompany } from "./demo/seed";
import { startDemoStubs } from "./demo/stubs";
import { simulateCall, TrafficStats } from "./demo/traffic";

const { values } = parseArgs({
  options: { duration: { type: "string" }, rate: { type: "string" }, url: { type: "string" }, "sms-failure-rate": { type: "string" }, settle: { type: "string" } },
});
const durationMs = Number(values.duration ?? 60) * 1000;
const callsPerSecond = Number(values.rate ?? 1);
const settleMs = Number(values.settle ?? 15) * 1000;
const url = (values.url ?? `http://localhost:${env().PORT}`).replace(/\/$/, "");
const say = (line: string) => console.log(`\x1b[35m[demo]\x1b[0m ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

async function consoleReachable(): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function keyOrExit(): string {
  const key = resolveRetellKey(env());
  if (key.ok) return key.key;
  say("RETELL_API_KEY is not set and NODE_ENV is production: set the same RETELL_API_KEY for the console and the demo.");
  process.exit(2);
}

/** Appointments booked directly (as the booking chain's CreateAppointment does), some later moved or cancelled. */
async function bookingActivity(companies: DemoCompany[], booked: string[]): Promise<void> {
  const db = prisma();
  const company = pick(companies.filter((c) => !c.name.includes("Geschlossen")));
  const roll = Math.random();
  if (roll < 0.15 && booked.length) {
    await cancelAppointment(db, booked.splice(Math.floor(Math.random() * booked.length), 1)[0]);
  } else if (roll < 0.3 && booked.length) {
    await moveAppointment(db, pick(booked), new Date(Date.now() + (2 + Math.random() * 5) * 86_400_000));
  } else {
    // Mostly days ahead (a delayed reminder), sometimes within 24 h (reminded at once).
    const hoursAhead = Math.random() < 0.2 ? 3 + Math.random() * 12 : 26 + Math.random() * 200;
    const appointment = await bookAppointment(db, {
      companyId: company.id,
      customerId: pick(company.customers).id,
      service: pick(["Haircut", "Consultation", "Inspection", "Colour"]),
      startsAt: new Date(Date.now() + hoursAhead * 3_600_000),
      channels: pick([["email", "sms"], ["email"], ["email", "sms", "whatsapp"]] as const).slice(),
    });
    booked.push(appointment.id);
  }
}

async function paymentActivity(companies: DemoCompany[]): Promise<void> {
  const company = pick(companies);
  const payment = await prisma().payment.create({
    data: { companyId: company.id, customerId: pick(company.customers).id, amountCents: pick([2_900, 4_900, 9_900]), description: "AskProAI plan" },
  });
  await dispatch(ProcessPayment, { paymentId: payment.id });
}

async function main(): Promise<void> {
  const key = keyOrExit();
  if (!(await consoleReachable())) {
    say(`no console at ${url}: start it first (npm start, or npm run dev), then run npm run demo`);
    process.exit(2);
  }
  const companies = await seedDemo(prisma());
  say(`companies: ${companies.map((c) => c.name).join(", ")}`);
  const stubs = await startDemoStubs({ smtp: env().SMTP_URL, sms: env().SMS_PROVIDER_URL, calcom: env().CALCOM_BASE_URL }, Number(values["sms-failure-rate"] ?? 0.15));
  stubs.notes.forEach(say);

  for (const c of companies) {
    for (const month of [previousMonth(new Date()), new Date().toISOString().slice(0, 7)]) {
      await dispatch(GenerateMonthlyReport, { companyId: c.id, month });
    }
  }
  say("monthly reports dispatched on redis-long-running/reports");

  const stats = new TrafficStats();
  const options = { url, key, duplicateRate: 0.2, badRate: 0.08, appointmentRate: 0.4 };
  const active = companies.filter((c) => !c.name.includes("Geschlossen"));
  const booked: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    const tracked = p.catch((error: Error) => {
      if (error.message === "webhook_key_missing") {
        say("the console answers 503 webhook_key_missing: it runs in production without RETELL_API_KEY. Restart it with RETELL_API_KEY=<secret> and run the demo with the same value.");
        process.exit(2);
      }
      say(`activity failed: ${error.message}`);
    }).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const started = Date.now();
  let tick = 0;
  say(`sending traffic to ${url} for ${durationMs / 1000} s (${callsPerSecond} calls/s)`);
  while (Date.now() - started < durationMs) {
    tick++;
    track(simulateCall(options, pick(active), stats, { showcase: tick === 1, unconfigured: tick > 1 && Math.random() < 0.04 }));
    if (tick % Math.max(1, Math.round(callsPerSecond * 3)) === 0) track(bookingActivity(companies, booked));
    if (tick % Math.max(1, Math.round(callsPerSecond * 5)) === 0) track(paymentActivity(companies));
    if (tick % Math.max(1, Math.round(callsPerSecond * 10)) === 0) say(stats.summary());
    await sleep(1_000 / callsPerSecond);
  }
  await Promise.allSettled([...inFlight]);
  say(stats.summary());
  say(`letting the workers finish (mail and SMS stand-ins stay up ${settleMs / 1000} s)…`);
  await sleep(settleMs);
  say(`mail received by the sink: ${stubs.smtp?.received.length ?? "n/a"}; texts by the provider stand-in: ${stubs.sms?.received.length ?? "n/a"}; Cal.com bookings: ${stubs.calcom?.creates().length ?? "n/a"}`);
  await stubs.close();
  await closeQueues();
  await prisma().$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
