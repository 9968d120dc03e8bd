// defineJob(): the TypeScript form of the seed's job classes (BaseJob, RetryableJob).
import { z } from "zod";
import { backoffSpecSchema } from "./backoff";
import { jobRegistry } from "./registry";
import type { JobDefinition, JobOptions } from "./types";

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "expected a function");

// The options that are plain values are checked here so a typo fails at import time, not at 3 a.m.
const definitionSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/, "letters, digits, _ . - only").max(200),
  queue: z.string().regex(/^[\w-]+$/, "letters, digits, _ - only"),
  payload: z.custom<z.ZodType>((v) => v instanceof z.ZodType, "expected a zod schema"),
  tries: z.number().int().nonnegative().optional(),
  backoff: backoffSpecSchema.optional(),
  timeout: z.number().positive().finite().optional(),
  maxExceptions: z.number().int().positive().optional(),
  retryUntil: z.union([z.number().positive().finite(), fn]).optional(),
  uniqueId: fn.optional(),
  middleware: z.union([z.array(z.object({ name: z.string(), handle: fn })), fn]).optional(),
  shouldRetry: fn.optional(),
  tags: z.union([z.array(z.string()), fn]).optional(),
  connection: z.string().min(1).optional(),
  handle: fn,
  failed: fn.optional(),
});

/** Defines a job and registers it under its name (see TEAM.md "job-runtime contract"). */
export function defineJob<P, I = P>(options: JobOptions<P, I>): JobDefinition<P, I> {
  const parsed = definitionSchema.safeParse(options);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`defineJob(${JSON.stringify(options?.name)}): ${where}`);
  }
  const definition: JobDefinition<P, I> = Object.freeze({ ...options, kind: "switchyard.job" as const });
  jobRegistry.register(definition);
  return definition;
}
