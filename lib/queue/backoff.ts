// How long to wait before the next attempt. Pure: the random source is a parameter.
import { z } from "zod";

const seconds = z.number().finite().nonnegative();

export const backoffSpecSchema = z.union([
  seconds,
  z.array(seconds).min(1),
  z.strictObject({
    type: z.literal("exponential"),
    /** Seconds before the second attempt; doubled for each later one. */
    base: seconds,
    /** Upper bound in seconds. @defaultValue none */
    max: seconds.optional(),
    /** Fraction (0–1) of each delay that is randomised, so a burst of failures does not retry in lockstep. @defaultValue 0 */
    jitter: z.number().min(0).max(1).optional(),
  }),
]);

/**
 * The seed's forms: a fixed number of seconds, seconds per attempt (`[10, 30, 60, 120, 300]`,
 * the last repeats), or exponential with optional jitter. Fractions of a second are allowed.
 */
export type BackoffSpec = z.infer<typeof backoffSpecSchema>;

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based) before the next one.
 * `random` returns [0, 1); jitter subtracts up to `jitter` × delay.
 */
export function backoffDelayMs(spec: BackoffSpec | undefined, attempt: number, random: () => number = Math.random): number {
  if (spec === undefined) return 0;
  const n = Math.max(1, Math.floor(attempt));
  if (typeof spec === "number") return Math.round(spec * 1000);
  if (Array.isArray(spec)) return Math.round(spec[Math.min(n, spec.length) - 1] * 1000);
  const raw = spec.base * 2 ** (n - 1);
  const capped = spec.max === undefined ? raw : Math.min(raw, spec.max);
  const jitter = spec.jitter ?? 0;
  return Math.round(capped * 1000 * (1 - jitter * random()));
}
