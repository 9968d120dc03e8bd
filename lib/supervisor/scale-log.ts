// The last balancing moves of every supervisor, capped, for the console's
// Supervisors screen ("why did high get 8 processes?"). Only moves are kept.
import type { Redis } from "ioredis";
import { z } from "zod";
import { key } from "../redis/connection";

export const scaleDecisionEntrySchema = z.object({
  at: z.number(),
  master: z.string(),
  supervisor: z.string(),
  host: z.string(),
  queue: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  reason: z.string(),
});
export type ScaleDecisionEntry = z.infer<typeof scaleDecisionEntrySchema>;

const KEEP = 200;
const logKey = () => key("workers", "scale-decisions");

export async function recordScaleDecisions(redis: Redis, entries: ScaleDecisionEntry[]): Promise<void> {
  if (!entries.length) return;
  await redis.multi().lpush(logKey(), ...entries.map((e) => JSON.stringify(e))).ltrim(logKey(), 0, KEEP - 1).exec();
}

/** Newest first. */
export async function recentScaleDecisions(redis: Redis, limit = 50): Promise<ScaleDecisionEntry[]> {
  const raw = await redis.lrange(logKey(), 0, Math.min(limit, KEEP) - 1);
  return raw.flatMap((r) => {
    const parsed = scaleDecisionEntrySchema.safeParse(JSON.parse(r));
    return parsed.success ? [parsed.data] : [];
  });
}
