// Demo data for the console (README screenshot, manual review): queues in every
// health state, delayed and failed jobs, archived failures in a few error
// families, a master with supervisors (heartbeats with a 15 min TTL), 24 h of
// metric snapshots with a daily curve, a batch half done, and webhook events.
// Everything lives under the REDIS_PREFIX of the environment (use a demo prefix)
// and is removed again by removeDemoData().
import { randomUUID } from "node:crypto";
import { prisma } from "../lib/db/client";
import { env } from "../lib/env";
import { metricsKeys } from "../lib/metrics/keys";
import { getQueue, recordFailure } from "../lib/queue";
import { publishMaster, publishSupervisor } from "../lib/supervisor/heartbeats";
import { consoleRedis } from "../lib/console/redis";
import { retellEnvelope } from "../lib/retell/fixtures";
import { scanKeys } from "../lib/redis/scan-keys";

const SIZES: Record<string, number> = { webhooks: 1_450, high: 240, default: 35, emails: 12, sms: 3 };
const TTL = 15 * 60_000;
const data = (payload: unknown) => ({ payload, meta: { dispatchedAt: Date.now() } });

export async function seedDemoData(): Promise<{ webhookEventIds: string[] }> {
  const redis = consoleRedis();
  for (const [queue, n] of Object.entries(SIZES)) {
    for (let i = 0; i < n; i += 500) {
      await getQueue(queue).addBulk(
        Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
          name: queue === "webhooks" ? "ProcessRetellWebhook" : queue === "high" ? "ProcessPayment" : "SendAppointmentReminder",
          data: data({ company_id: (i + j) % 40, customer_id: 1000 + i + j }),
        })),
      );
    }
  }
  await getQueue("emails").add("SendAppointmentReminder", data({ appointment_id: 77 }), { delay: 3_600_000 });
  // Failed jobs in BullMQ (the queues' failed counts) and in the archive (the Failed jobs screen).
  const families = [
    ["SendAppointmentConfirmation", "emails", "Error", (i: number) => `Customer ${4100 + i} has no email`],
    ["ProcessRetellWebhook", "webhooks", "TimeoutError", (i: number) => `Request to https://api.retellai.com/v2/get-call timed out after ${5000 + i} ms`],
    ["ProcessPayment", "high", "PaymentDeclined", () => `Payment ${randomUUID()} declined: insufficient funds`],
    ["SendAppointmentReminder", "sms", "ZodError", () => "payload.appointment_id: expected string, received number"],
  ] as const;
  for (const [f, [jobName, queue, cls, message]] of families.entries()) {
    for (let i = 0; i < [23, 9, 6, 4][f]; i++) {
      const error = Object.assign(new Error(message(i)), { name: cls });
      await recordFailure({ connection: "redis", queue, jobId: String(90_000 + f * 100 + i), jobName, payload: { n: i }, error, attempts: 3, failReason: cls === "ZodError" ? "permanent" : "max_tries", failedAt: new Date(Date.now() - i * 420_000) });
    }
    const key = getQueue(queue).toKey("failed");
    for (let i = 0; i < [23, 9, 6, 4][f]; i++) {
      const id = `demo-failed-${f}-${i}`;
      await redis.hset(getQueue(queue).toKey(id), "name", jobName, "data", JSON.stringify(data({ n: i })), "opts", "{}", "timestamp", Date.now() - 60_000, "finishedOn", Date.now() - i * 1000, "failedReason", message(i), "atm", 3);
      await redis.zadd(key, Date.now() - i * 1000, id);
    }
  }
  await heartbeats();
  await snapshots();
  const webhookEventIds: string[] = [];
  for (const event of ["call_started", "call_ended", "call_analyzed"]) {
    const envelope = retellEnvelope(event, { agentId: "agent_demo" });
    const row = await prisma().webhookEvent.create({
      data: { provider: "retell", eventId: `demo-${randomUUID()}`, eventType: event, callId: String(envelope.call.call_id), payload: envelope as object, receivedAt: new Date(), processedAt: new Date() },
    });
    webhookEventIds.push(row.id);
  }
  return { webhookEventIds };
}

async function heartbeats(): Promise<void> {
  const redis = consoleRedis();
  const now = Date.now();
  for (const host of ["worker-1", "worker-2"]) {
    const master = `${host}-7f3a`;
    const supervisors: { supervisor: string; queues: string[]; processes: Record<string, number>; balance: "auto" | "simple" }[] = [
      { supervisor: "supervisor-1", queues: ["high", "default"], processes: { high: host === "worker-1" ? 5 : 3, default: 2 }, balance: "auto" },
      { supervisor: "webhooks", queues: ["webhooks"], processes: { webhooks: 5 }, balance: "simple" },
      { supervisor: "notifications", queues: ["emails", "sms"], processes: { emails: 3, sms: 3 }, balance: "simple" },
    ];
    await publishMaster(redis, { name: master, host, pid: 4100, environment: "production", status: "running", supervisors: supervisors.map((s) => `${master}:${s.supervisor}`), memoryMb: 92, startedAt: now - 3 * 3_600_000, lastSeen: now }, TTL);
    for (const s of supervisors) {
      await publishSupervisor(redis, {
        name: `${master}:${s.supervisor}`, supervisor: s.supervisor, master, host, pid: 4200, environment: "production", status: "running",
        connection: "redis", queues: s.queues, balance: s.balance, minProcesses: 1, maxProcesses: 10, processes: s.processes,
        pools: Object.entries(s.processes).map(([queue, processes]) => ({ queue, fetches: [queue], processes })),
        runtimeMs: Object.fromEntries(s.queues.map((q) => [q, q === "webhooks" ? 180 : 90])), memoryMb: 140, lastSeen: now,
      }, TTL);
    }
  }
  await redis.lpush(`${env().REDIS_PREFIX}:workers:scale-decisions`, JSON.stringify({ at: now - 120_000, master: "worker-1-7f3a", supervisor: "supervisor-1", host: "worker-1", queue: "high", from: 4, to: 5, reason: "time to clear high 48 s > default 3 s: +1 (max shift 1)" }));
}

async function snapshots(): Promise<void> {
  const redis = consoleRedis();
  const last = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const pipe = redis.pipeline();
  const queues = { webhooks: 60, high: 25, default: 18, emails: 12, sms: 6 };
  for (const [queue, base] of Object.entries(queues)) {
    pipe.zadd(metricsKeys.measuredQueues(), last, queue);
    for (let m = 0; m < 1_440; m++) {
      const at = last - m * 60_000;
      const hour = new Date(at).getHours();
      const day = 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI));
      const throughput = Math.round(base * day * (0.85 + 0.3 * Math.abs(Math.sin(m / 7))));
      const failed = m % 37 === 0 ? Math.round(throughput * 0.08) : 0;
      const point = { queue, throughput, failed, failureRate: throughput ? failed / throughput : 0, avgWaitMs: Math.round(300 + 900 * day), p95WaitMs: Math.round(900 + 2000 * day), avgRuntimeMs: queue === "webhooks" ? 180 : 90, waitSamples: throughput, runtimeSamples: throughput, at };
      pipe.zadd(metricsKeys.queueSnapshots(queue), at, JSON.stringify(point));
    }
  }
  for (const [job, ms] of [["ProcessRetellWebhook", 180], ["ProcessPayment", 240], ["SendAppointmentReminder", 75], ["SendAppointmentConfirmation", 95]] as const) {
    pipe.zadd(metricsKeys.measuredJobs(), last, job);
    for (let m = 0; m < 1_440; m += 1) {
      const at = last - m * 60_000;
      const throughput = 10 + (m % 13);
      pipe.zadd(metricsKeys.jobSnapshots(job), at, JSON.stringify({ job, throughput, failed: m % 50 ? 0 : 1, failureRate: 0, avgRuntimeMs: ms + (m % 20), p95RuntimeMs: ms * 2.4, at }));
    }
  }
  await pipe.exec();
}

/** Removes the demo prefix's keys and archive rows, and the given webhook events. */
export async function removeDemoData(webhookEventIds: string[]): Promise<void> {
  const redis = consoleRedis();
  const prefix = env().REDIS_PREFIX;
  for await (const keys of scanKeys(redis, `${prefix}:*`, 5_000)) await redis.unlink(...keys);
  await prisma().failedJob.deleteMany({ where: { prefix } });
  await prisma().webhookEvent.deleteMany({ where: { id: { in: webhookEventIds } } });
}
