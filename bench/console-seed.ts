// Test data of bench/console.ts, written fast and in the formats the real
// writers use:
//   Redis — JOBS_PER_QUEUE waiting jobs in each of 10 queues, stored as BullMQ's
//   addStandardJob stores them (job hash with name/data/opts/timestamp, id in the
//   wait list, queue meta), plus FAILED_PER_QUEUE failed jobs per queue (hash with
//   failedReason/stacktrace/finishedOn, id in the failed sorted set), so bull-board
//   has the same failures to page through; and 24 h of per-minute metric snapshots.
//   PostgreSQL — the same number of FailedJob rows, in realistic error families.
import type { Redis } from "ioredis";
import type pg from "pg";
import { errorGroupSql } from "../lib/db/queries/error-group";
import { metricsKeys } from "../lib/metrics/keys";

const PIPE = 5_000;

export async function seedRedis(redis: Redis, prefix: string, queues: string[], jobsPerQueue: number, failedPerQueue: number): Promise<void> {
  const now = Date.now();
  const opts = JSON.stringify({ attempts: 3, backoff: { type: "switchyard" } });
  for (const queue of queues) {
    const k = (s: string | number) => `${prefix}:${queue}:${s}`;
    await redis.hset(k("meta"), "opts.maxLenEvents", 10_000, "version", "bullmq:6.7.0");
    for (let start = 1; start <= jobsPerQueue; start += PIPE) {
      const pipe = redis.pipeline();
      const ids: string[] = [];
      for (let id = start; id < start + PIPE && id <= jobsPerQueue; id++) {
        const data = JSON.stringify({
          payload: { company_id: id % 97, customer_id: id % 4_999, call_id: `call_${queue}_${id}`, note: "Appointment reminder for tomorrow 10:00" },
          meta: { dispatchedAt: now - (jobsPerQueue - id) * 10, tags: [`company:${id % 97}`] },
        });
        pipe.hset(k(id), "name", id % 3 ? "SendAppointmentReminder" : "ProcessRetellWebhook", "data", data, "opts", opts, "timestamp", now - (jobsPerQueue - id) * 10, "delay", 0, "priority", 0);
        ids.push(String(id));
      }
      pipe.lpush(k("wait"), ...ids);
      await pipe.exec();
    }
    for (let start = 1; start <= failedPerQueue; start += PIPE) {
      const pipe = redis.pipeline();
      for (let i = start; i < start + PIPE && i <= failedPerQueue; i++) {
        const id = jobsPerQueue + i;
        const finishedOn = now - (failedPerQueue - i) * 1_000;
        pipe.hset(
          k(id),
          "name", "SendAppointmentConfirmation",
          "data", JSON.stringify({ payload: { appointment_id: id, channels: ["email", "sms"] }, meta: { dispatchedAt: finishedOn - 5_000 } }),
          "opts", opts, "timestamp", finishedOn - 5_000, "delay", 0, "priority", 0,
          "processedOn", finishedOn - 300, "finishedOn", finishedOn, "atm", 3, "ats", 3,
          "failedReason", `Customer ${id} has no email`,
          "stacktrace", JSON.stringify([`Error: Customer ${id} has no email\n    at deliver (lib/jobs/appointments/deliver.ts:42:11)`]),
        );
        pipe.zadd(k("failed"), finishedOn, String(id));
      }
      await pipe.exec();
    }
    await redis.set(k("id"), jobsPerQueue + failedPerQueue);
  }
}

/** 24 h of one-minute snapshots per queue, as lib/metrics/snapshots.ts writes them. */
export async function seedSnapshots(redis: Redis, queues: string[], now = Date.now()): Promise<void> {
  const last = Math.floor(now / 60_000) * 60_000 - 60_000;
  const pipe = redis.pipeline();
  for (const queue of queues) {
    pipe.zadd(metricsKeys.measuredQueues(), last, queue);
    for (let m = 0; m < 1_440; m++) {
      const at = last - m * 60_000;
      const throughput = 40 + ((m * 7) % 30);
      const point = { queue, throughput, failed: m % 11 === 0 ? 2 : 0, failureRate: 0, avgWaitMs: 120 + (m % 50), p95WaitMs: 400, avgRuntimeMs: 85 + (m % 20), waitSamples: throughput, runtimeSamples: throughput, at };
      pipe.zadd(metricsKeys.queueSnapshots(queue), at, JSON.stringify(point));
    }
  }
  await pipe.exec();
}

/** `rows` FailedJob rows under `prefix` in one INSERT … SELECT (error group filled when the column exists). */
export async function seedFailedJobs(db: pg.Client, prefix: string, queues: string[], rows: number): Promise<void> {
  const hasGroup = (await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'FailedJob' AND column_name = 'errorGroup'`)).rowCount;
  const message = `CASE i % 8
      WHEN 0 THEN 'Call ' || md5(i::text) || ' not found'
      WHEN 1 THEN 'connect ECONNREFUSED 10.0.0.' || (i % 255) || ':5432'
      WHEN 2 THEN 'Customer ' || i || ' has no email'
      WHEN 3 THEN 'Request to https://api.cal.com/v2/bookings timed out after ' || (5000 + i % 3000) || ' ms'
      WHEN 4 THEN 'Payment ' || gen_random_uuid() || ' declined: insufficient funds'
      WHEN 5 THEN 'payload.appointment_id: expected string, received number'
      WHEN 6 THEN 'SMS gateway answered 503 Service Unavailable'
      ELSE 'Rate limit exceeded for company ' || (i % 97) END`;
  const columns = `prefix, connection, queue, "jobId", "jobName", payload, "exceptionClass", message, stack, attempts, "failReason", "failedAt"${hasGroup ? `, "errorGroup"` : ""}`;
  await db.query(`
    INSERT INTO "FailedJob" (uuid, ${columns})
    SELECT gen_random_uuid(), ${columns.replace(`, "errorGroup"`, "")}${hasGroup ? `, ${errorGroupSql("message")}` : ""}
    FROM (
      SELECT $1::text AS prefix, 'redis' AS connection, ($2::text[])[1 + i % array_length($2::text[], 1)] AS queue,
             (200000 + i)::text AS "jobId",
             (ARRAY['SendAppointmentConfirmation','ProcessPayment','ProcessRetellWebhook','GenerateMonthlyReport'])[1 + i % 4] AS "jobName",
             jsonb_build_object('appointment_id', i, 'company_id', i % 97) AS payload,
             (ARRAY['Error','TimeoutError','Error','TimeoutError','PaymentDeclined','ZodError','ServiceUnavailable','RateLimited'])[1 + i % 8] AS "exceptionClass",
             ${message} AS message,
             'Error: at deliver (lib/jobs/appointments/deliver.ts:42:11)' AS stack,
             CASE WHEN i % 50 = 0 THEN 10 ELSE 3 END AS attempts,
             CASE WHEN i % 8 = 5 THEN 'permanent' ELSE 'max_tries' END AS "failReason",
             now() - (i * 6 || ' seconds')::interval AS "failedAt"
      FROM generate_series(1, $3::int) AS i
    ) s`, [prefix, queues, rows]);
  // What autovacuum does to a real archive after such an insert (insert-triggered since PostgreSQL 13): counts
  // and sets the visibility map, so index-only reads are index-only. Needed here because a local server may
  // run with autovacuum off (this VM's does), leaving a bulk-loaded table never vacuumed.
  await db.query(`VACUUM (ANALYZE) "FailedJob"`);
}

export { removeKeys } from "./remove-keys";
