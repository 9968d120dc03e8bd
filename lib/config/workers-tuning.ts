// Timings of the `workers` process. Horizon hard-codes these (a 1 s loop,
// 15 s heartbeat expiry, a wait-time check per minute, a 5 min notification
// lock); here they are config so tests can shorten them. Defaults are production's.
import { z } from "zod";

const ms = z.number().int().positive();

export const workersTuningSchema = z
  .strictObject({
    /**
     * ms between passes of the master and supervisor loops (commands, monitoring, heartbeat).
     * @defaultValue 1000 (Horizon's sleep(1))
     */
    tickMs: ms.default(1000),
    /**
     * ms a heartbeat stays in Redis without being renewed; a dead process disappears after it.
     * @defaultValue 5000 (five missed heartbeats)
     */
    heartbeatTtlMs: ms.default(5000),
    /**
     * ms between BullMQ stalled-job checks; unset derives it from the connection's lock
     * (`retryAfter`): half of it, between 1 s and 30 s.
     */
    stalledIntervalMs: ms.optional(),
    /**
     * ms a job may overrun its timeout (after its AbortSignal fired) before its process is killed.
     * @defaultValue 2000
     */
    timeoutGraceMs: ms.default(2000),
    /**
     * Longest ms an idle worker process waits between polls of its queues.
     * @defaultValue 250
     */
    idlePollMs: ms.default(250),
    /**
     * ms between runs of every housekeeping task (lib/metrics/housekeeping.ts); unset keeps each task's own
     * period. Tests shorten it to see several periods across hosts.
     */
    housekeepingEveryMs: ms.optional(),
    /**
     * Longest ms a worker process keeps job measurements in memory before writing them to Redis
     * (lib/metrics/record-job.ts). Above the snapshot's close grace (5 s) a minute may be
     * snapshotted before all of it arrived; tests raise it to see what only shutdown writes.
     * @defaultValue 1000
     */
    metricsFlushMs: ms.max(60_000).default(1000),
    /** Backoff when restarting a crashed supervisor or worker process: doubles from `initialMs` up to `maxMs`. */
    restartBackoff: z
      .strictObject({ initialMs: ms.default(1000), maxMs: ms.default(60_000) })
      .refine((b) => b.initialMs <= b.maxMs, { path: ["initialMs"], error: "must not exceed restartBackoff.maxMs" })
      .prefault({}),
    /**
     * The worker processes' sweep for failed jobs nobody archived (lib/queue/failure-sweeper.ts): one
     * pass per queue every `everySeconds` across the processes; a job is archived by it once it failed
     * `graceSeconds` ago (its own worker's turn first).
     */
    failureSweep: z
      .strictObject({
        /** @defaultValue 60 */
        everySeconds: z.number().int().positive().default(60),
        /** @defaultValue 120 */
        graceSeconds: z.number().int().positive().default(120),
      })
      .prefault({}),
    /** Long-wait monitoring (Horizon's MonitorWaitTimes + its notification lock). */
    longWait: z
      .strictObject({
        /** @defaultValue 60 (Horizon checks once a minute) */
        checkEverySeconds: z.number().int().positive().default(60),
        /** @defaultValue 300 (Horizon notifies at most once per 5 minutes per queue) */
        notifyCooldownSeconds: z.number().int().positive().default(300),
      })
      .prefault({}),
  })
  // A heartbeat renewed every tick must outlive the tick, or live processes look dead between beats
  // (workers:status reports them gone; commands fanned out by heartbeat miss them).
  .refine((t) => t.heartbeatTtlMs > t.tickMs, { path: ["heartbeatTtlMs"], error: "must be longer than tickMs (a heartbeat is renewed once per tick)" });

export type WorkersTuning = z.infer<typeof workersTuningSchema>;
