// zod schemas of the console routes' params, queries and bodies, shared by the
// handlers so every route validates the same way.
import { z } from "zod";
import { jobIdProblem } from "./job-id";
import { CLEANABLE_STATES, LISTED_STATES } from "./types";

export const queueParam = z.object({ name: z.string().regex(/^[\w-]{1,100}$/, "letters, digits, _ - only") });
export const jobParams = z.object({
  queue: z.string().regex(/^[\w-]{1,100}$/, "letters, digits, _ - only"),
  id: z.string().min(1).max(512).superRefine((id, ctx) => {
    const problem = jobIdProblem(id);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
export const uuidParam = z.object({ uuid: z.string().uuid() });
export const idParam = z.object({ id: z.string().min(1).max(64) });

export const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const optionalText = z.string().trim().max(500).optional().transform((v) => (v ? v : undefined));
const optionalDate = z.iso.datetime({ offset: true }).optional().transform((v) => (v ? new Date(v) : undefined));
const flag = z.enum(["1", "0", "true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "1" || v === "true"));

export const jobsQuery = z.object({
  state: z.enum(LISTED_STATES).default("waiting"),
  cursor: z.string().max(2000).optional(),
  limit: limit(200, 25),
  q: optionalText,
  field: z.enum(["id", "name", "payload"]).default("id"),
});

export const cleanQuery = z.object({
  state: z.enum(CLEANABLE_STATES),
  graceMs: z.coerce.number().int().min(0).max(365 * 86_400_000).default(0),
});
// Bodies of destructive actions are strict: a misspelt key ("olderThanHour") is a 400 naming it, not an
// option silently dropped and a wider delete than the admin asked for.
export const cleanBody = cleanQuery.extend({ graceMs: z.number().int().min(0).max(365 * 86_400_000).default(0) }).strict();

export const failedFilterQuery = z.object({
  queue: optionalText,
  jobName: optionalText,
  exceptionClass: optionalText,
  errorGroup: z.string().max(500).optional(),
  from: optionalDate,
  to: optionalDate,
  q: optionalText,
  includeRetried: flag,
});
export const failedListQuery = failedFilterQuery.extend({ cursor: z.string().max(2000).optional(), limit: limit(200, 50) });

/** "a,b,c": each must be a uuid (PostgreSQL's ::uuid[] cast would fail the request with a 500). */
const uuidList = z
  .string()
  .max(20_000)
  .transform((v) => v.split(",").map((u) => u.trim()).filter(Boolean))
  .pipe(z.array(z.string().uuid()));

/** A bulk retry: the rows matching a filter, or exactly these rows. */
export const failedSelection = failedFilterQuery.extend({ uuids: uuidList.optional() });
export const retryChunkBody = z.object({
  filter: z
    .object({
      queue: z.string().max(500).optional(),
      jobName: z.string().max(500).optional(),
      exceptionClass: z.string().max(500).optional(),
      errorGroup: z.string().max(500).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      q: z.string().max(500).optional(),
    })
    .strict()
    .default({}),
  uuids: z.array(z.string().uuid()).max(1000).optional(),
  cursor: z.string().max(2000).optional(),
  size: z.number().int().min(1).max(200).default(50),
}).strict();

export const flushQuery = z.object({
  queue: optionalText,
  olderThanHours: z.coerce.number().min(0).max(100_000).optional(),
});
export const flushBody = z.object({
  queue: z.string().max(100).optional(),
  olderThanHours: z.number().min(0).max(100_000).optional(),
  /** The count the admin confirmed ("affects N rows"); refused unless exactly that many rows match. */
  expected: z.number().int().min(0),
}).strict();

export const auditQuery = z.object({
  action: optionalText,
  actor: optionalText,
  target: optionalText,
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().max(2000).optional(),
  limit: limit(200, 50),
});

export const webhookQuery = z.object({
  eventType: optionalText,
  callId: optionalText,
  handled: flag,
  duplicates: flag,
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().max(2000).optional(),
  limit: limit(200, 50),
});

export const supervisorCommandBody = z.object({
  type: z.enum(["pause", "continue", "restart"]),
  master: z.string().max(200).optional(),
  supervisor: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
}).strict();
