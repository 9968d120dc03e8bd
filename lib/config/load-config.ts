// Turns the seed-shaped config into the validated, merged configuration the
// workers and console run with. Bad values throw a ConfigError naming the field.
import { z } from "zod";
import { ConfigError } from "./config-error";
import { horizonConfig } from "./horizon";
import { queueConfig } from "./queue";
import {
  horizonConfigSchema, queueConfigSchema, QUEUE_NAMES, supervisorSchema,
  type HorizonConfig, type QueueConfig, type SupervisorOptions, type RedisConnectionConfig,
} from "./schema";
import { SUPERVISOR_DEFAULTS } from "./supervisor-defaults";

export type Environment = "production" | "local";

export interface Supervisor extends SupervisorOptions {
  name: string;
}

export interface AppConfig {
  environment: Environment;
  queue: QueueConfig;
  horizon: HorizonConfig;
  /** The supervisors this environment runs, merged and validated. */
  supervisors: Supervisor[];
  /** Legal but doubtful settings, logged at start-up. */
  warnings: string[];
}

export interface ConfigInput {
  environment: Environment;
  queue?: z.input<typeof queueConfigSchema>;
  horizon?: z.input<typeof horizonConfigSchema>;
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ConfigError.fromZod(result.error, what);
  return result.data;
}

/**
 * Horizon's merge: defaults < supervisor defaults < environment override; `processes` sizes non-auto pools.
 * A supervisor that lists no `queue` consumes its connection's own `queue` (config/queue.php's, REDIS_QUEUE
 * for `redis`), as Laravel's workers do.
 */
function mergeSupervisor(name: string, horizon: HorizonConfig, queue: QueueConfig, override: object, warnings: string[]): Supervisor {
  const merged: Record<string, unknown> = { ...SUPERVISOR_DEFAULTS, ...horizon.defaults[name], ...override };
  if (merged.queue === undefined) {
    const connection = queue.connections[String(merged.connection)];
    if (connection && "queue" in connection) merged.queue = [connection.queue];
  }
  if (merged.balance !== "auto" && typeof merged.processes === "number") {
    merged.maxProcesses = merged.processes;
    merged.minProcesses = Math.min(Number(merged.minProcesses), Number(merged.processes));
  } else if (typeof merged.processes === "number") {
    warnings.push(`horizon supervisor "${name}".processes: ignored with balance "auto" (it scales between minProcesses and maxProcesses)`);
  }
  delete merged.processes;
  return { name, ...parseOrThrow(supervisorSchema, merged, `horizon supervisor "${name}"`) };
}

function checkSupervisor(s: Supervisor, queue: QueueConfig, problems: string[], warnings: string[]): void {
  const at = `horizon supervisor "${s.name}"`;
  const connection = queue.connections[s.connection];
  if (!connection) {
    problems.push(`${at}.connection: "${s.connection}" is not a connection (allowed: ${Object.keys(queue.connections).join(", ")})`);
  } else if (connection.driver !== "redis") {
    problems.push(`${at}.connection: workers consume redis connections only, "${s.connection}" is ${connection.driver}`);
  } else if (s.timeout >= (connection as RedisConnectionConfig).retryAfter) {
    warnings.push(`${at}: timeout ${s.timeout}s is not below ${s.connection}.retryAfter ${(connection as RedisConnectionConfig).retryAfter}s; a job at its limit may be taken for stalled`);
  }
  if (s.minProcesses > s.maxProcesses) {
    problems.push(`${at}.minProcesses: ${s.minProcesses} exceeds maxProcesses ${s.maxProcesses}`);
  }
}

export function loadConfig(input: ConfigInput): AppConfig {
  const queue = parseOrThrow(queueConfigSchema, input.queue ?? queueConfig, "queue config");
  const horizon = parseOrThrow(horizonConfigSchema, input.horizon ?? horizonConfig, "horizon config");
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!queue.connections[queue.default]) {
    problems.push(`queue config default: "${queue.default}" is not a connection (allowed: ${Object.keys(queue.connections).join(", ")})`);
  }
  const plan = horizon.environments[input.environment];
  if (!plan) throw new ConfigError([`horizon config environments.${input.environment}: missing (allowed: ${Object.keys(horizon.environments).join(", ")})`]);
  const supervisors = Object.entries(plan).map(([name, override]) => mergeSupervisor(name, horizon, queue, override, warnings));
  supervisors.forEach((s) => checkSupervisor(s, queue, problems, warnings));
  for (const key of Object.keys(horizon.waits)) {
    const [connection, name] = key.split(":");
    if (!queue.connections[connection]) problems.push(`horizon config waits.${key}: unknown connection "${connection}"`);
    // A misspelt queue would silently never raise its long-wait alert.
    else if (!(QUEUE_NAMES as readonly string[]).includes(name)) problems.push(`horizon config waits.${key}: unknown queue "${name}" (expected "connection:queue", queues: ${QUEUE_NAMES.join(", ")})`);
  }
  if (problems.length) throw new ConfigError(problems);
  return { environment: input.environment, queue, horizon, supervisors, warnings };
}
