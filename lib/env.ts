// The only reader of process.env. Every variable, its default and its meaning
// is here (and in the README's table); everything else imports `env()`.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/database-url";
import { ConfigError } from "./config/config-error";
import { queueConfig } from "./config/queue";
import { QUEUE_NAMES } from "./config/schema";
import { hashTagOf, parseClusterNodes, type ClusterNode } from "./redis/cluster-config";

const optionalString = z.string().trim().min(1).optional().catch(undefined);

/** Connections QUEUE_CONNECTION may name: the built-in ones the runtime dispatches to (not `database`). */
const dispatchConnections = Object.entries(queueConfig.connections)
  .filter(([, c]) => c.driver !== "database")
  .map(([name]) => name) as [string, ...string[]];

const boolFlag = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Which `environments.*` block of the Horizon config the workers run. */
  SWITCHYARD_ENV: z.enum(["production", "local"]).optional(),
  DATABASE_URL: z.string().url().default(DEFAULT_DATABASE_URL),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Key prefix of every BullMQ and Switchyard key; tests use their own. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_{}:-]+$/, "letters, digits, _ - : { } only").default("switchyard"),
  /**
   * Redis Cluster seed nodes, `host:port[,host:port…]`. Set → cluster mode: every connection is an
   * ioredis Cluster and REDIS_URL is not used; REDIS_PREFIX must then hold a hash tag (`{switchyard}`).
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .trim()
    .min(1)
    .transform((value, ctx): ClusterNode[] => {
      const parsed = parseClusterNodes(value);
      if ("nodes" in parsed) return parsed.nodes;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    })
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: optionalString,
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: optionalString,
  RETELL_API_KEY: optionalString,
  METRICS_TOKEN: optionalString,
  SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().default("Switchyard <switchyard@localhost>"),
  SLACK_WEBHOOK_URL: z.string().url().optional(),
  /** Job-failure alerts: at most one digest mail/webhook per this many seconds (lib/queue/failure-alerts.ts). */
  FAILURE_ALERT_WINDOW_SECONDS: z.coerce.number().positive().default(300),
  SMS_PROVIDER_URL: z.string().url().default("http://127.0.0.1:4010"),
  /** Where GenerateMonthlyReport writes its CSV files (relative to the working directory). */
  REPORTS_DIR: z.string().trim().min(1).default(".switchyard/reports"),
  /** bench/webhook.ts only: enables the trivial baseline route /api/retell/webhook/baseline (404 otherwise). */
  SWITCHYARD_BENCH_BASELINE: boolFlag.optional(),
  CALCOM_BASE_URL: z.string().url().default("http://127.0.0.1:4020"),
  CALCOM_API_KEY: optionalString,
  /** Cal.com event type the booking chain books when the request names none (lib/jobs/appointments/booking). */
  CALCOM_EVENT_TYPE_ID: z.coerce.number().int().positive().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Name this host reports in heartbeats (defaults to the OS hostname). */
  WORKERS_HOST: optionalString,
  /** JSON file whose `queue`/`horizon` sections replace parts of the built-in config (lib/config/override.ts). */
  SWITCHYARD_CONFIG_FILE: optionalString,
  /**
   * The seed's env() hooks (config/queue.php, config/horizon.php), applied to the built-in config
   * (lib/config/env-hooks.ts): the default connection, the `redis` connection's queue, the master's MB.
   */
  QUEUE_CONNECTION: z.enum(dispatchConnections).optional(),
  REDIS_QUEUE: z.enum(QUEUE_NAMES).optional(),
  HORIZON_MEMORY_LIMIT: z.coerce.number().int().positive().optional(),
  /** Extra job modules (comma-separated paths) the worker processes import after lib/jobs (tests, plug-ins). */
  SWITCHYARD_JOB_MODULES: optionalString,
  /** Secure cookies even without https in NEXTAUTH_URL (behind a TLS proxy). */
  SECURE_COOKIES: boolFlag.optional(),
  /**
   * Test hook of the authorization matrix (tests/authz): with it on, a request carrying
   * `x-authz-probe: 1` stops right after the guard with 204 instead of running the handler,
   * so every mutation's admin access is proven without mutating anything. Off by default.
   */
  AUTHZ_PROBE: boolFlag.optional(),
}).superRefine((e, ctx) => {
  // BullMQ's scripts touch several keys of a queue at once: on a cluster they must share one slot.
  if (e.REDIS_CLUSTER_NODES && !hashTagOf(e.REDIS_PREFIX)) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_PREFIX"],
      message: `"${e.REDIS_PREFIX}" has no hash tag; with REDIS_CLUSTER_NODES set every key must share one slot, so the prefix needs one, e.g. "{${e.REDIS_PREFIX.replace(/[{}]/g, "")}}"`,
    });
  }
});

export type Env = z.infer<typeof envSchema> & { SWITCHYARD_ENV: "production" | "local" };

let cached: Env | undefined;

/** Parses process.env once; a bad value throws a ConfigError naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, "environment variable");
  const data = parsed.data;
  cached = {
    ...data,
    SWITCHYARD_ENV: data.SWITCHYARD_ENV ?? (data.NODE_ENV === "production" ? "production" : "local"),
  };
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
