// A queue's jobs in one state, a page at a time, and search within a state.
//
// Cursor pagination over BullMQ's lists and sorted sets: the cursor keeps the
// offset where the page ended and the id of its last job (the anchor). Jobs
// come and go while someone pages (workers take from the wait list, new jobs
// arrive), so the next page starts right after the anchor wherever it now is:
// ZRANK for sorted sets (exact), a small window around the old offset for lists
// (LRANGE of 2×200 ids, never a scan of the whole list). If the anchor is gone
// the page starts at the old offset.
import { z } from "zod";
import { getQueue } from "../queue/queues";
import { decodeCursor, encodeCursor } from "./cursor";
import { canBeJobId } from "./job-id";
import { STATE_LAYOUT, type StateLayout } from "./job-states";
import { consoleRedis, type ConsoleRedis } from "./redis";
import type { JobPage, JobRow, ListedState } from "./types";

const PREVIEW_CHARS = 240;
const REASON_CHARS = 300;
const ANCHOR_WINDOW = 200;
/** Search: jobs looked at per Lua call, and per request. */
export const SEARCH_SLICE = 1_000;
export const SEARCH_BUDGET = 10_000;

const pageCursor = z.object({ o: z.number().int().min(0), a: z.string().max(512).optional() });
const searchCursor = z.object({ s: z.number().int().min(0) });

function keysOf(queueName: string, state: ListedState) {
  const queue = getQueue(queueName);
  const layout = STATE_LAYOUT[state];
  return { queue, layout, stateKey: queue.toKey(layout.key), jobPrefix: queue.toKey("") };
}

async function sizeOf(redis: ConsoleRedis, layout: StateLayout, key: string): Promise<number> {
  return layout.kind === "list" ? redis.llen(key) : redis.zcard(key);
}

async function idsInRange(redis: ConsoleRedis, layout: StateLayout, key: string, start: number, count: number): Promise<string[]> {
  const end = start + count - 1;
  const ids =
    layout.kind === "list" ? await redis.lrange(key, start, end)
    : layout.kind === "zset-asc" ? await redis.zrange(key, start, end)
    : await redis.zrevrange(key, start, end);
  return ids.filter(isJobId);
}

/** BullMQ ≤ 5 left "0:<n>" markers in wait lists; they are not jobs. */
const isJobId = (id: string) => !id.startsWith("0:");

interface Resume {
  start: number;
  /** For lists: the ids right after the anchor, read with the window — the next page when long enough. */
  following?: string[];
}

/** Where the page after `anchor` starts now. */
async function resumeAt(redis: ConsoleRedis, layout: StateLayout, key: string, c: z.infer<typeof pageCursor>): Promise<Resume> {
  if (!c.a) return { start: c.o };
  if (layout.kind !== "list") {
    const rank = layout.kind === "zset-asc" ? await redis.zrank(key, c.a) : await redis.zrevrank(key, c.a);
    return { start: rank === null ? c.o : rank + 1 };
  }
  const from = Math.max(0, c.o - ANCHOR_WINDOW);
  const window = await redis.lrange(key, from, c.o + ANCHOR_WINDOW);
  const at = window.indexOf(c.a);
  return at === -1 ? { start: c.o } : { start: from + at + 1, following: window.slice(at + 1) };
}

const num = (v: string | null): number | null => (v === null || v === "" ? null : Number(v));

/** Row summaries of `ids` in one Redis call; jobs removed meanwhile are left out. */
export async function jobRows(queueName: string, ids: string[], state: ListedState): Promise<JobRow[]> {
  if (!ids.length) return [];
  const { jobPrefix } = keysOf(queueName, state);
  const raw = await consoleRedis().syJobRows(jobPrefix, PREVIEW_CHARS, REASON_CHARS, ...ids);
  return raw.flatMap(([id, name, timestamp, processedOn, finishedOn, delay, priority, atm, reason, preview, bytes]) => {
    if (name === null && timestamp === null) return [];
    return [{
      id: id ?? "",
      name: name ?? "(unnamed)",
      state,
      timestamp: num(timestamp),
      processedOn: num(processedOn),
      finishedOn: num(finishedOn),
      delay: num(delay) ?? 0,
      priority: num(priority) ?? 0,
      attemptsMade: num(atm) ?? 0,
      failedReason: reason,
      dataPreview: preview ?? "",
      dataBytes: num(bytes) ?? 0,
    }];
  });
}

/** "paused" lists the wait list of a paused queue; a running queue has no paused jobs. */
async function notPaused(redis: ConsoleRedis, queueName: string, state: ListedState): Promise<boolean> {
  return state === "paused" && !(await redis.hexists(getQueue(queueName).toKey("meta"), "paused"));
}

export async function listJobs(queueName: string, state: ListedState, options: { cursor?: string; limit: number }): Promise<JobPage> {
  const { layout, stateKey } = keysOf(queueName, state);
  const redis = consoleRedis();
  if (await notPaused(redis, queueName, state)) return { rows: [], total: 0, nextCursor: null };
  const c = decodeCursor(options.cursor, pageCursor);
  const [total, { start, following }] = await Promise.all([sizeOf(redis, layout, stateKey), c ? resumeAt(redis, layout, stateKey, c) : ({ start: 0 } as Resume)]);
  // A deep list page usually finds its ids in the anchor window it just read: one round trip fewer.
  const ids =
    following && following.length > options.limit ? following.slice(0, options.limit + 1).filter(isJobId)
    : await idsInRange(redis, layout, stateKey, start, options.limit + 1);
  const page = ids.slice(0, options.limit);
  const rows = await jobRows(queueName, page, state);
  const last = page.at(-1);
  return {
    rows,
    total,
    nextCursor: ids.length > options.limit && last ? encodeCursor({ o: start + page.length, a: last }) : null,
  };
}

export type SearchField = "id" | "name" | "payload";

/** Lua's string.lower folds ASCII only; fold the needle the same way so both sides agree. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());

/**
 * Search by job id (direct lookup, any state) or by name / payload text within
 * one state: slices of SEARCH_SLICE jobs are matched inside Redis, at most
 * SEARCH_BUDGET jobs per request; the cursor continues the scan.
 */
export async function searchJobs(
  queueName: string,
  state: ListedState,
  options: { q: string; field: SearchField; cursor?: string; limit: number },
): Promise<JobPage> {
  const redis = consoleRedis();
  const { queue, layout, stateKey, jobPrefix } = keysOf(queueName, state);
  if (options.field === "id") {
    // Only a job's hash: "events" or "1:logs" name the queue's own keys (a stream, a list).
    const isJob = canBeJobId(options.q) && (await redis.type(jobPrefix + options.q)) === "hash";
    if (!isJob) return { rows: [], total: 0, nextCursor: null, scanned: 1, exhausted: true };
    const found = (await queue.getJobState(options.q)) as string;
    const rowState = (found in STATE_LAYOUT ? found : state) as ListedState;
    return { rows: await jobRows(queueName, [options.q], rowState), total: 1, nextCursor: null, scanned: 1, exhausted: true };
  }
  if (await notPaused(redis, queueName, state)) return { rows: [], total: 0, nextCursor: null, scanned: 0, exhausted: true };
  const c = decodeCursor(options.cursor, searchCursor);
  let start = c?.s ?? 0;
  const matches: string[] = [];
  let scanned = 0;
  let exhausted = false;
  const field = options.field === "name" ? "name" : "data";
  const needle = asciiLower(options.q);
  while (scanned < SEARCH_BUDGET && matches.length < options.limit) {
    const [seen, inSlice, found] = await redis.sySearchJobs(stateKey, jobPrefix, layout.kind, start, SEARCH_SLICE, field, needle, options.limit - matches.length);
    matches.push(...found);
    scanned += seen;
    start += seen;
    if (inSlice < SEARCH_SLICE && seen >= inSlice) {
      exhausted = true;
      break;
    }
  }
  const total = await sizeOf(redis, layout, stateKey);
  return {
    rows: await jobRows(queueName, matches, state),
    total,
    scanned,
    exhausted,
    nextCursor: exhausted ? null : encodeCursor({ s: start }),
  };
}
