// zod schemas of the queue and Horizon configuration (the seed's
// config/queue.php and config/horizon.php). Types come from these schemas.
import { z } from "zod";
import { workersTuningSchema } from "./workers-tuning";

const seconds = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

export const QUEUE_NAMES = [
  "critical", "high", "default", "low", "webhooks", "emails", "sms",
  "billing", "bookings", "reports", "imports",
] as const;
export const queueName = z.enum(QUEUE_NAMES);
export type QueueName = z.infer<typeof queueName>;

const redisConnection = z.strictObject({
  driver: z.literal("redis"),
  /** Named Redis connection (all share REDIS_URL today). */
  connection: z.string().min(1),
  queue: z.string().min(1),
  /** Seconds a reserved job may run before it counts as stalled: BullMQ's lock duration. */
  retryAfter: positiveInt,
  /** Seconds a worker blocks waiting for a job (BullMQ drainDelay). */
  blockFor: seconds,
  afterCommit: z.boolean().default(false),
});

const syncConnection = z.strictObject({ driver: z.literal("sync") });

/** Accepted for parity with the seed; the runtime refuses to dispatch to it. */
const databaseConnection = z.strictObject({
  driver: z.literal("database"),
  table: z.string().min(1),
  queue: z.string().min(1),
  retryAfter: positiveInt,
});

export const connectionSchema = z.discriminatedUnion("driver", [redisConnection, syncConnection, databaseConnection]);
export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type RedisConnectionConfig = z.infer<typeof redisConnection>;

export const queueConfigSchema = z.strictObject({
  default: z.string().min(1),
  connections: z.record(z.string(), connectionSchema),
  failed: z.strictObject({
    driver: z.enum(["database-uuids"]),
    database: z.string().min(1),
    table: z.string().min(1),
    /** Days the PostgreSQL failed-job archive keeps a row. */
    retentionDays: positiveInt.default(30),
  }),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;

/** One supervisor's options (Horizon's SupervisorOptions), all optional until merged. */
export const supervisorOverrideSchema = z.strictObject({
  connection: z.string().min(1),
  queue: z.array(queueName).min(1),
  balance: z.union([z.enum(["auto", "simple"]), z.literal(false)], { error: 'expected "auto", "simple" or false' }),
  autoScalingStrategy: z.enum(["time", "size"]),
  maxProcesses: positiveInt,
  minProcesses: z.number().int().nonnegative(),
  /** Fixed size for `simple`/`false` balancing (Horizon treats it as maxProcesses). */
  processes: positiveInt,
  balanceMaxShift: positiveInt,
  balanceCooldown: positiveInt,
  /** MB of memory a worker process may use before it is replaced. */
  memory: positiveInt,
  tries: z.number().int().nonnegative(),
  timeout: positiveInt,
  nice: z.number().int().min(-20).max(19),
}).partial();

export const supervisorSchema = supervisorOverrideSchema.required({
  connection: true, queue: true, balance: true, autoScalingStrategy: true,
  maxProcesses: true, minProcesses: true, balanceMaxShift: true, balanceCooldown: true,
  memory: true, tries: true, timeout: true, nice: true,
});
export type SupervisorOptions = z.infer<typeof supervisorSchema>;

const minutes = positiveInt;

export const horizonConfigSchema = z.strictObject({
  /** Seconds of wait per `connection:queue` above which admins are alerted. */
  waits: z.record(z.string().regex(/^[\w-]+:[\w-]+$/, "expected connection:queue"), positiveInt),
  trim: z.strictObject({
    recent: minutes, pending: minutes, completed: minutes,
    recent_failed: minutes, failed: minutes, monitored: minutes,
  }),
  metrics: z.strictObject({
    trim_snapshots: z.strictObject({ job: positiveInt, queue: positiveInt }),
  }),
  fastTermination: z.boolean(),
  /** MB the master process may use. */
  memoryLimit: positiveInt,
  /** Queue health thresholds of the seed's QueueHealthCheck (sizes). */
  health: z.strictObject({ busyAt: positiveInt, overloadedAt: positiveInt }),
  /** Timings of the workers process (lib/config/workers-tuning.ts); all defaulted. */
  workers: workersTuningSchema.prefault({}),
  defaults: z.record(z.string(), supervisorOverrideSchema),
  environments: z.record(z.enum(["production", "local"]), z.record(z.string(), supervisorOverrideSchema)),
});
export type HorizonConfig = z.infer<typeof horizonConfigSchema>;
