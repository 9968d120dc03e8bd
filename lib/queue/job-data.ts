// Turns (definition, payload, options) into what is stored in Redis: the job
// data `{ payload, meta }` and BullMQ job options. Validation happens here, so
// dispatch(), dispatchMany() and the fake queue refuse the same payloads.
import type { JobsOptions } from "bullmq";
import { z } from "zod";
import { config, type ConnectionConfig } from "../config";
import { jobTags } from "../tags/job-tags";
import { ConnectionUnsupported, PayloadInvalid } from "./errors";
import { assertJsonPayload } from "./json-payload";
import { queueDefaults } from "./queue-defaults";
import type { DispatchOptions, JobData, JobDefinition, JobMeta } from "./types";

/** The BullMQ backoff type every runtime job carries; createQueueWorker() registers its strategy. */
export const BACKOFF_TYPE = "switchyard";
/** BullMQ needs a number; the runtime's own policy decides when to stop. */
export const UNLIMITED_ATTEMPTS = 1_000_000;

export const jobDataSchema = z.object({
  payload: z.unknown(),
  meta: z.looseObject({ dispatchedAt: z.number() }),
});

export interface PreparedDispatch<P> {
  queue: string;
  connectionName: string;
  connection: ConnectionConfig;
  payload: P;
  data: JobData;
  jobOptions: JobsOptions;
}

export function resolveConnection(name: string | undefined): { name: string; connection: ConnectionConfig } {
  const cfg = config().queue;
  const connectionName = name ?? cfg.default;
  const connection = cfg.connections[connectionName];
  if (!connection) {
    throw new ConnectionUnsupported(`Connection "${connectionName}" is not configured (allowed: ${Object.keys(cfg.connections).join(", ")})`);
  }
  if (connection.driver === "database") {
    throw new ConnectionUnsupported(`Connection "${connectionName}" uses the database driver, which Switchyard does not run; use a redis connection`);
  }
  return { name: connectionName, connection };
}

/** Validates the payload and builds the stored job; throws PayloadInvalid and enqueues nothing. */
export function parsePayload<P, I>(definition: JobDefinition<P, I>, payload: unknown, options: { json?: boolean } = {}): P {
  // Worker side passes json: false — what came out of Redis is JSON by construction.
  if (options.json !== false) assertJsonPayload(payload, definition.name);
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const summary = issues.map((i) => `${i.path || "(payload)"}: ${i.message}`).join("; ");
    throw new PayloadInvalid(`Job "${definition.name}" payload is invalid: ${summary}`, { details: { issues } });
  }
  return parsed.data;
}

function delayMs(delay: DispatchOptions["delay"], now: number): number {
  if (delay === undefined) return 0;
  const ms = delay instanceof Date ? delay.getTime() - now : delay;
  return Math.max(0, Math.round(ms));
}

export function prepareDispatch<P, I>(
  definition: JobDefinition<P, I>,
  payload: I,
  options: DispatchOptions = {},
  now: number = Date.now(),
): PreparedDispatch<P> {
  return prepareParsed(definition, payload, parsePayload(definition, payload), options, now);
}

/**
 * prepareDispatch for a payload already validated: `parsed` must be what parsePayload(definition,
 * payload) returned (createBatch validates every payload of an add before it pushes any, and
 * builds the stored jobs later, chunk by chunk: validating twice cost ~0.4 µs per job).
 */
export function prepareParsed<P, I>(
  definition: JobDefinition<P, I>,
  payload: I,
  parsed: P,
  options: DispatchOptions = {},
  now: number = Date.now(),
): PreparedDispatch<P> {
  const queue = options.queue ?? definition.queue;
  const { name: connectionName, connection } = resolveConnection(options.connection ?? definition.connection);
  // Tags are computed here, once per job, and stored in meta.tags (always, `[]` for none): the
  // stored job then carries the same tags the index gets (search, job views, monitoring's
  // backfill read meta.tags), a retry keeps them, and a worker finishing the job walks no
  // payload. Only jobs enqueued without meta.tags (other producers, older releases) are
  // tagged at finish instead (lib/metrics/record-job.ts).
  const tags = jobTags(definition.tags, parsed, options.meta?.tags, payload);
  const retryUntil =
    definition.retryUntil === undefined ? undefined
    : typeof definition.retryUntil === "number" ? now + definition.retryUntil * 1000
    : definition.retryUntil(parsed).getTime();
  const meta: JobMeta = {
    ...options.meta,
    dispatchedAt: now,
    connection: connectionName,
    tags,
    ...(retryUntil !== undefined ? { retryUntil } : {}),
  };
  const tries = definition.tries ?? queueDefaults(queue).tries;
  const jobId = options.jobId ?? definition.uniqueId?.(parsed);
  const jobOptions: JobsOptions = {
    attempts: retryUntil !== undefined || tries === 0 ? UNLIMITED_ATTEMPTS : tries,
    backoff: { type: BACKOFF_TYPE },
    ...(jobId !== undefined ? { jobId } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
  };
  const delay = delayMs(options.delay, now);
  if (delay > 0) jobOptions.delay = delay;
  return { queue, connectionName, connection, payload: parsed, data: { payload, meta }, jobOptions };
}
