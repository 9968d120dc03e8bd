// Issue 3 point 6: final failures are archived in PostgreSQL and stay in BullMQ's failed
// set, the failed() hook runs once per job, and a storm of failures reaches admins as a
// digest — checked with a real in-process SMTP server and a local Slack-compatible stub.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../db/client";
import { env } from "../env";
import { createMailTransport } from "../mail/transport";
import { key } from "../redis/connection";
import { HOOKED_FIELD, runOf } from "./archive-mark";
import {
  closeQueues, configureFailureAlerts, createQueueWorker, defineJob, dispatchMany, findFailedJobs, getQueue, handleFinalFailure,
  runtimeRedis, type QueueWorker,
} from "./index";
import { sleep, uniqueName, waitFor } from "./test-support";

const QUEUE = "emails";
const mails: { to: string[]; raw: string; at: number }[] = [];
const slack: { text: string }[] = [];
let smtp: SMTPServer;
let stub: Server;
let worker: QueueWorker;
// Generous next to the storm's length, so a loaded CI machine still fits both bursts in one window.
const WINDOW_MS = 4_000;
const GATHER_MS = 500;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      slack.push(JSON.parse(body));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  configureFailureAlerts({
    windowMs: WINDOW_MS,
    gatherMs: GATHER_MS,
    mailTo: "admin@switchyard.test",
    slackUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/hooks/T000/B000`,
    transport: createMailTransport(`smtp://127.0.0.1:${smtpPort}`),
  });
  worker = createQueueWorker(QUEUE, { concurrency: 10 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

const hookCalls: string[] = [];
const failing = defineJob({
  name: uniqueName("SendAppointmentConfirmation"),
  queue: QUEUE,
  payload: z.object({ customer_id: z.number() }),
  tries: 1,
  handle(ctx) {
    throw new TypeError(`smtp relay refused customer ${ctx.payload.customer_id}`);
  },
  failed(error, ctx) {
    hookCalls.push(ctx.jobId);
  },
});

/** "[Switchyard local] 50 jobs failed (…)" → 50; "Job failed: …" → 1. */
function totalInSubject(raw: string): number {
  const subject = /^Subject: (.*)$/m.exec(raw.replace(/\r\n[ \t]+/g, " "))?.[1] ?? "";
  const many = /\] (\d+) jobs failed/.exec(subject);
  return many ? Number(many[1]) : /Job failed:/.test(subject) ? 1 : NaN;
}

describe("failed-job archive and alerts", () => {
  it("a storm of 70 failures: 70 archive rows, 70 in BullMQ's failed set, failed() once each, a digest or two (not 70)", async () => {
    await dispatchMany(failing, Array.from({ length: 50 }, (_, i) => ({ customer_id: i })));
    await waitFor(() => mails.length >= 1, 15_000);
    await sleep(300); // still inside the window: a second burst is held for the trailing digest
    await dispatchMany(failing, Array.from({ length: 20 }, (_, i) => ({ customer_id: 100 + i })));

    const rows = await waitFor(async () => {
      const r = await findFailedJobs({ jobName: failing.name });
      return r.length === 70 ? r : undefined;
    }, 20_000);
    // The archive row is written just before BullMQ moves the job to failed: wait for the last moves.
    await waitFor(async () => (await getQueue(QUEUE).getFailedCount()) === 70, 5_000);
    const row = rows.find((r) => (r.payload as { customer_id: number }).customer_id === 7)!;
    expect(row).toMatchObject({
      connection: "redis", queue: QUEUE, jobName: failing.name, exceptionClass: "TypeError",
      message: "smtp relay refused customer 7", attempts: 1, failReason: "max_tries", retriedAt: null,
    });
    expect(row.stack).toContain("TypeError: smtp relay refused customer 7");
    expect(row.uuid).toMatch(/^[0-9a-f-]{36}$/);

    expect(hookCalls).toHaveLength(70);
    expect(new Set(hookCalls).size).toBe(70);

    // Leading digest after the gather period, trailing digest at the window's end with the rest.
    await waitFor(() => mails.map((m) => totalInSubject(m.raw)).reduce((a, b) => a + b, 0) === 70, WINDOW_MS * 3);
    await sleep(WINDOW_MS + 300); // and nothing more arrives
    // Normally 2 (leading + trailing); 3 only if the storm itself outlasted a window on a very slow machine.
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect(mails.length).toBeLessThanOrEqual(3);
    expect(slack).toHaveLength(mails.length);
    // Digests leave the notifier at least a window (less the gather period) apart; arrival times also
    // carry each mail's SMTP delivery time, which on a busy machine can be a second or more.
    for (let i = 1; i < mails.length; i++) expect(mails[i].at - mails[i - 1].at).toBeGreaterThanOrEqual(WINDOW_MS - GATHER_MS - 1_500);
    expect(mails.map((m) => totalInSubject(m.raw)).reduce((a, b) => a + b, 0)).toBe(70);
    expect(mails[0].to).toEqual(["admin@switchyard.test"]);
    expect(mails[0].raw).toContain(`TypeError`);
    expect(mails[0].raw).toContain("queue:retry-failed");
    expect(slack[0].text).toMatch(/^\*\[Switchyard local\] \d+ jobs? failed/);
  });

  it("the failed() hook runs once even if the final failure is handled twice", async () => {
    const calls: string[] = [];
    const def = defineJob({ name: uniqueName("once-hook"), queue: QUEUE, payload: z.object({}), handle: () => undefined, failed: (_e, ctx) => void calls.push(ctx.jobId) });
    const job = await getQueue(QUEUE).add(def.name, { payload: {}, meta: { dispatchedAt: Date.now() } }, { delay: 60_000 });
    const input = { job, definition: def, payload: {}, error: new Error("x"), reason: "max_tries", attempts: 1 };
    await handleFinalFailure(input);
    await handleFinalFailure(input);
    expect(calls).toEqual([job.id]);
    // The guard is a field of the job's hash, gone with the job: no key of its own per failed job.
    expect(await runtimeRedis().hget(key(QUEUE, job.id!), HOOKED_FIELD)).toBe(runOf(job));
    expect(await runtimeRedis().keys(key("once", `failed-hook:${QUEUE}:${job.id}:${job.timestamp}:*`))).toEqual([]);
  });

  it("the failed() hook runs again when the job, retried in place, fails again in a new run", async () => {
    const calls: string[] = [];
    const def = defineJob({ name: uniqueName("rerun-hook"), queue: QUEUE, payload: z.object({}), handle: () => undefined, failed: (_e, ctx) => void calls.push(ctx.jobId) });
    const job = await getQueue(QUEUE).add(def.name, { payload: {}, meta: { dispatchedAt: Date.now() } }, { delay: 60_000 });
    await handleFinalFailure({ job, definition: def, payload: {}, error: new Error("x"), reason: "max_tries", attempts: 1 });
    job.processedOn = Date.now() + 1; // the next run's start
    await handleFinalFailure({ job, definition: def, payload: {}, error: new Error("x"), reason: "max_tries", attempts: 2 });
    expect(calls).toEqual([job.id, job.id]);
  });

  // The failure sweeper handles a run again when its archive mark is missing: the process died
  // after the row, or PostgreSQL was down and the alert already went out.
  it("handled twice for one run (the sweeper after a crash): one archive row, one alert", async () => {
    configureFailureAlerts({ windowMs: 600_000, gatherMs: 600_000 }); // nothing is sent while the test reads what is queued
    const def = defineJob({ name: uniqueName("once-archived"), queue: QUEUE, payload: z.object({}), handle: () => undefined });
    const job = await getQueue(QUEUE).add(def.name, { payload: {}, meta: { dispatchedAt: Date.now() } }, { delay: 60_000 });
    const input = { job, payload: {}, error: new Error("x"), reason: "stalled", attempts: 1 };
    await handleFinalFailure(input);
    await handleFinalFailure(input);
    const rows = await prisma().failedJob.findMany({ where: { prefix: env().REDIS_PREFIX, queue: QUEUE, jobId: job.id } });
    expect(rows).toHaveLength(1);
    const queued = (await runtimeRedis().lrange(key("failure-alerts", "pending"), 0, -1)).map((s) => JSON.parse(s) as { jobId: string; uuid?: string });
    expect(queued.filter((f) => f.jobId === job.id)).toEqual([expect.objectContaining({ uuid: rows[0].uuid })]);
  });

  it("a job already removed when its failure is handled (removeOnFail) is still alerted, and no stray hash appears", async () => {
    configureFailureAlerts({ windowMs: 600_000, gatherMs: 600_000 });
    const def = defineJob({ name: uniqueName("removed-alerted"), queue: QUEUE, payload: z.object({}), handle: () => undefined });
    const job = await getQueue(QUEUE).add(def.name, { payload: {}, meta: { dispatchedAt: Date.now() } }, { delay: 60_000 });
    await job.remove();
    await handleFinalFailure({ job, payload: {}, error: new Error("x"), reason: "max_tries", attempts: 1 });
    const queued = (await runtimeRedis().lrange(key("failure-alerts", "pending"), 0, -1)).map((s) => JSON.parse(s) as { jobId: string });
    expect(queued.filter((f) => f.jobId === job.id)).toHaveLength(1);
    expect(await runtimeRedis().exists(key(QUEUE, job.id!))).toBe(0);
  });
});
