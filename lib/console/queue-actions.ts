// What an admin does to a whole queue: pause, resume, clean one state.
//
// Cleaning runs in chunks of CLEAN_CHUNK jobs with a short pause between them, so
// other clients' commands get in between and Redis is never busy for long: sorted
// sets through BullMQ's own clean, the wait list from its tail (clean-waiting.ts,
// BullMQ's would LREM the whole list on every chunk); one request cleans
// for at most `budgetMs` and reports what is left, and the screen calls again.
import { getQueue } from "../queue/queues";
import { cleanWaitingChunk } from "./clean-waiting";
import { bullState, STATE_LAYOUT } from "./job-states";
import { assertQueue } from "./known-queue";
import { consoleRedis } from "./redis";
import type { CleanableState, CleanResult } from "./types";

export const CLEAN_CHUNK = 500;
/** Between chunks Redis serves everyone else. */
const CLEAN_PAUSE_MS = 10;
const DEFAULT_BUDGET_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { assertQueue };

export async function pauseQueue(name: string): Promise<void> {
  await assertQueue(name);
  await getQueue(name).pause();
}

export async function resumeQueue(name: string): Promise<void> {
  await assertQueue(name);
  await getQueue(name).resume();
}

/** Jobs a clean of `state` would remove: the state's size, or for finished jobs those older than the grace. */
export async function cleanAffects(name: string, state: CleanableState, graceMs = 0, now = Date.now()): Promise<number> {
  const queue = getQueue(name);
  const layout = STATE_LAYOUT[state];
  const key = queue.toKey(layout.key);
  const redis = consoleRedis();
  if (layout.kind === "list") return redis.llen(key);
  if (graceMs > 0 && (state === "completed" || state === "failed")) return redis.zcount(key, "-inf", now - graceMs);
  return redis.zcard(key);
}

export async function cleanState(
  name: string,
  state: CleanableState,
  options: { graceMs?: number; budgetMs?: number; chunk?: number } = {},
): Promise<CleanResult> {
  await assertQueue(name);
  const queue = getQueue(name);
  const chunk = options.chunk ?? CLEAN_CHUNK;
  const until = Date.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  let removed = 0;
  let done = false;
  const cutoff = Date.now() - (options.graceMs ?? 0);
  for (;;) {
    // The wait list by its tail (no LREM over the whole list); the sorted sets with BullMQ's own clean.
    const step =
      state === "waiting"
        ? await cleanWaitingChunk(queue, chunk, cutoff)
        : await queue.clean(options.graceMs ?? 0, chunk, bullState(state) as Parameters<typeof queue.clean>[2]).then((ids) => ({ removed: ids.length, exhausted: ids.length < chunk }));
    removed += step.removed;
    if (step.exhausted) {
      done = true;
      break;
    }
    if (Date.now() >= until) break;
    await sleep(CLEAN_PAUSE_MS);
  }
  const remaining = await cleanAffects(name, state, options.graceMs ?? 0);
  return { removed, remaining, done: done || remaining === 0 };
}
