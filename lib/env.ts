// The only reader of process.env. Every variable, its default and its meaning
// is here (and in the README's table); everything else imports `env()`.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/database-url";
import { ConfigError } from "./config/config-error";

const optionalString = z.string().trim().min(1).optional().catch(undefined);

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
  SMS_PROVIDER_URL: z.string().url().default("http://127.0.0.1:4010"),
  CALCOM_BASE_URL: z.string().url().default("http://127.0.0.1:4020"),
  CALCOM_API_KEY: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Name this host reports in heartbeats (defaults to the OS hostname). */
  WORKERS_HOST: optionalString,
  /** Secure cookies even without https in NEXTAUTH_URL (behind a TLS proxy). */
  SECURE_COOKIES: boolFlag.optional(),
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
