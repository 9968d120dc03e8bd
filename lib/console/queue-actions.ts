// What an admin does to a whole queue: pause, resume, clean one state.
//
// Cleaning runs in chunks of CLEAN_CHUNK jobs with a short pause between them, so
// other clients' commands get in between and Redis is never busy for long: finished
// jobs through BullMQ's own clean, the wait list from its tail (clean-waiting.ts,
// BullMQ's would LREM the whole list on every chunk), delayed and prioritized by a
// walk past the jobs it keeps (clean-sorted.ts). A job scheduler's next run is never
// removed. One request cleans for at most `budgetMs` and reports what is left (jobs
// a clean would still remove), and the screen calls again until done.
import type { Queue } from "bullmq";
import { getQueue } from "../queue/queues";
import { cleanSortedChunk } from "./clean-sorted";
import { cleanWaitingChunk } from "./clean-waiting";
import { STATE_LAYOUT } from "./job-states";
import { assertQueue } from "./known-queue";
import { consoleRedis } from "./redis";
import { schedulerJobsIn } from "./scheduler-jobs";
import { stoppedPartWay } from "./stopped-part-way";
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

export interface CleanPreview {
  affects: number;
  /** false: `affects` is an upper bound (a grace period on a state not ordered by age; see cleanAffects). */
  exact: boolean;
}

/**
 * Jobs a clean of `state` would remove: finished jobs older than the grace (their score is the
 * finish time, so exact); otherwise the state's size less the job schedulers' next runs, which no
 * clean removes. Which waiting, delayed or prioritized jobs are older than a grace only their
 * hashes say, and counting that would read every job: with a grace those are an upper bound.
 */
export async function cleanAffects(name: string, state: CleanableState, graceMs = 0, now = Date.now()): Promise<CleanPreview> {
  const queue = getQueue(name);
  const layout = STATE_LAYOUT[state];
  const key = queue.toKey(layout.key);
  const redis = consoleRedis();
  if (state === "completed" || state === "failed") return { affects: await redis.zcount(key, "-inf", now - graceMs), exact: true };
  const size = layout.kind === "list" ? redis.llen(key) : redis.zcard(key);
  const kept = schedulerJobsIn(queue, layout.key as "wait" | "delayed" | "prioritized");
  return { affects: Math.max(0, (await size) - (await kept)), exact: graceMs === 0 };
}

type Step = () => Promise<{ removed: number; exhausted: boolean }>;

/** One chunk of the clean per call: the wait list from its tail, delayed/prioritized by a walk, finished sets by BullMQ. */
function chunkStep(queue: Queue, state: CleanableState, chunk: number, graceMs: number, cutoff: number): Step {
  if (state === "waiting") return () => cleanWaitingChunk(queue, chunk, cutoff);
  if (state === "delayed" || state === "prioritized") {
    let start = 0;
    return async () => {
      const step = await cleanSortedChunk(queue, state, start, chunk, cutoff);
      start = step.next;
      return step;
    };
  }
  // Finished jobs: BullMQ takes the oldest by finish time and skips none, so a short chunk is the end.
  return async () => {
    const ids = await queue.clean(graceMs, chunk, state);
    return { removed: ids.length, exhausted: ids.length < chunk };
  };
}

export async function cleanState(
  name: string,
  state: CleanableState,
  options: { graceMs?: number; budgetMs?: number; chunk?: number } = {},
): Promise<CleanResult> {
  await assertQueue(name);
  const graceMs = options.graceMs ?? 0;
  const step = chunkStep(getQueue(name), state, options.chunk ?? CLEAN_CHUNK, graceMs, Date.now() - graceMs);
  const until = Date.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  let removed = 0;
  let done = false;
  try {
    for (;;) {
      const chunk = await step();
      removed += chunk.removed;
      if (chunk.exhausted) {
        done = true;
        break;
      }
      if (Date.now() >= until) break;
      // Between chunks that wrote, Redis serves everyone else; a walk past kept jobs only read.
      if (chunk.removed) await sleep(CLEAN_PAUSE_MS);
    }
  } catch (error) {
    throw stoppedPartWay(error, "Clean", { removed });
  }
  const left = await cleanAffects(name, state, graceMs);
  // After a walk to the end with a grace, the upper bound counts jobs the walk saw and kept.
  const remaining = done && !left.exact ? 0 : left.affects;
  return { removed, remaining, done: done || remaining === 0 };
}
