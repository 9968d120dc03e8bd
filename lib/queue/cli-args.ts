// Argument parsing of the queue:retry-failed / queue:forget / queue:flush CLIs.
// Pure (argv in, options out) so it is table-tested; the scripts stay thin.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

const positiveInt = z.coerce.number().int().positive();

/** "24h", "30m", "7d" back from `now`, or an ISO timestamp. */
export function parseSince(value: string, now: number = Date.now()): Date {
  const rel = /^(\d+)([mhd])$/.exec(value);
  if (rel) return new Date(now - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as "m" | "h" | "d"]);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new CliUsageError(`--since: "${value}" is neither a duration (30m, 24h, 7d) nor an ISO date`);
  return at;
}

function check<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliUsageError(`${flag}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

function parse(argv: string[], options: ParseArgsConfig["options"]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

export const RETRY_USAGE =
  "usage: npm run queue:retry-failed -- [--queue=webhooks] [--limit=10] [--uuid=<uuid>] [--job=<name>] [--exception=<class>] [--since=24h|<iso>] [--dry-run] [--json] [--by=<who>]";

export interface RetryCliOptions {
  uuid?: string;
  queue?: string;
  jobName?: string;
  exceptionClass?: string;
  since?: Date;
  limit: number;
  dryRun: boolean;
  json: boolean;
  retriedBy?: string;
}

export function parseRetryArgs(argv: string[], now: number = Date.now()): RetryCliOptions {
  const { values, positionals } = parse(argv, {
    queue: { type: "string" }, limit: { type: "string" }, uuid: { type: "string" }, job: { type: "string" },
    exception: { type: "string" }, since: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" }, by: { type: "string" },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
  const v = values as Record<string, string | boolean | undefined>;
  return {
    uuid: v.uuid === undefined ? undefined : check(z.uuid(), v.uuid, "--uuid"),
    queue: v.queue as string | undefined,
    jobName: v.job as string | undefined,
    exceptionClass: v.exception as string | undefined,
    since: v.since === undefined ? undefined : parseSince(v.since as string, now),
    limit: v.limit === undefined ? 10 : check(positiveInt, v.limit, "--limit"),
    dryRun: v["dry-run"] === true,
    json: v.json === true,
    retriedBy: v.by as string | undefined,
  };
}

/** Below this many rows a progress bar is just noise. */
export const PROGRESS_BAR_FROM = 20;

/** Whether queue:retry-failed draws its progress bar (on stderr): for a person at a terminal, not for --json, and only for large runs. */
export function wantsProgressBar(run: { json: boolean; stderrIsTTY: boolean | undefined; total: number }): boolean {
  return !run.json && run.stderrIsTTY === true && run.total >= PROGRESS_BAR_FROM;
}

export const FORGET_USAGE = "usage: npm run queue:forget -- <failed-job uuid>";

export function parseForgetArgs(argv: string[]): { uuid: string } {
  const { positionals } = parse(argv, {});
  if (positionals.length !== 1) throw new CliUsageError("expected exactly one failed-job uuid");
  return { uuid: check(z.uuid(), positionals[0], "uuid") };
}

export const FLUSH_USAGE = "usage: npm run queue:flush -- [--queue=<name>] [--hours=<n>]  (deletes archived failures; --hours keeps newer ones)";

export function parseFlushArgs(argv: string[]): { queue?: string; olderThanHours?: number } {
  const { values, positionals } = parse(argv, { queue: { type: "string" }, hours: { type: "string" } });
  if (positionals.length) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
  const v = values as Record<string, string | undefined>;
  return {
    queue: v.queue,
    olderThanHours: v.hours === undefined ? undefined : check(z.coerce.number().nonnegative(), v.hours, "--hours"),
  };
}
