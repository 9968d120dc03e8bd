// The two job kinds of `npm run bench:autoscaler`, loaded into the worker
// processes through SWITCHYARD_JOB_MODULES.
import { z } from "zod";
import { defineJob } from "../lib/queue";

/** Short: no work beyond the runtime's own. */
export const benchShort = defineJob({ name: "bench.short", queue: "default", payload: z.object({ n: z.number() }), tries: 1, handle: () => undefined });

/** Slow: waits on I/O (a timer), like a call to an external API; costs no CPU. */
export const benchSlow = defineJob({
  name: "bench.slow",
  queue: "low",
  payload: z.object({ n: z.number(), ms: z.number() }),
  tries: 1,
  handle: (ctx) => new Promise((r) => setTimeout(r, ctx.payload.ms)),
});
