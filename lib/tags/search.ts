// Search by tag (the console's tag search, Horizon's recent/failed jobs by tag):
// the index gives `queue:jobId` members newest first; each is read from BullMQ,
// or from its monitored copy once BullMQ has trimmed it.
import { Job } from "bullmq";
import type { Redis } from "ioredis";
import { config } from "../config";
import { metricsRedis } from "../metrics/redis";
import { getQueue } from "../queue/queues";
import { parseTag } from "./monitoring";
import { monitoredJobSchema } from "./tag-index";
import { parseJobMember, tagKeys } from "./tag-keys";

export interface TaggedJob {
  id: string;
  queue: string;
  name: string | null;
  /** BullMQ state, or the copy's status; "trimmed" when neither BullMQ nor a copy holds it any more. */
  status: string;
  finishedAt: number;
  tags: string[];
  payload?: unknown;
  attemptsMade?: number;
  failedReason?: string;
  /** Where the details came from. */
  source: "queue" | "monitored-copy" | "none";
}

export interface TagSearch {
  tag: string;
  kind: "recent" | "failed";
  total: number;
  jobs: TaggedJob[];
}

async function describe(redis: Redis, member: string, finishedAt: number): Promise<TaggedJob | null> {
  const ref = parseJobMember(member);
  if (!ref) return null;
  const job = await Job.fromId(getQueue(ref.queue), ref.jobId).catch(() => undefined);
  if (job) {
    const data = (job.data ?? {}) as { payload?: unknown; meta?: { tags?: string[] } };
    return {
      id: ref.jobId, queue: ref.queue, name: job.name, status: await job.getState(), finishedAt,
      tags: data.meta?.tags ?? [], payload: data.payload, attemptsMade: job.attemptsMade,
      ...(job.failedReason ? { failedReason: job.failedReason } : {}), source: "queue",
    };
  }
  const raw = await redis.get(tagKeys.jobCopy(member));
  const copy = raw ? monitoredJobSchema.safeParse(JSON.parse(raw)) : undefined;
  if (copy?.success) {
    const c = copy.data;
    return {
      id: c.id, queue: c.queue, name: c.name, status: c.status, finishedAt, tags: c.tags, payload: c.payload,
      attemptsMade: c.attempt, ...(c.error ? { failedReason: c.error } : {}), source: "monitored-copy",
    };
  }
  return { id: ref.jobId, queue: ref.queue, name: null, status: "trimmed", finishedAt, tags: [], source: "none" };
}

/** Jobs that finished with `tag` within its window (recent: trim.recent; failed: trim.recent_failed), newest first. */
export async function searchByTag(
  raw: string,
  { kind = "recent" as "recent" | "failed", offset = 0, limit = 50, redis = metricsRedis(), now = Date.now() } = {},
): Promise<TagSearch> {
  const tag = parseTag(raw);
  const trim = config().horizon.trim;
  const windowMin = kind === "failed" ? trim.recent_failed : trim.recent;
  const list = kind === "failed" ? tagKeys.failed(tag) : tagKeys.recent(tag);
  const min = `(${now - windowMin * 60_000}`;
  const [flat, total] = await Promise.all([
    redis.zrevrangebyscore(list, "+inf", min, "WITHSCORES", "LIMIT", offset, limit),
    redis.zcount(list, min, "+inf"),
  ]);
  const pairs: [string, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], Number(flat[i + 1])]);
  const jobs = (await Promise.all(pairs.map(([m, at]) => describe(redis, m, at)))).filter((j): j is TaggedJob => !!j);
  return { tag, kind, total, jobs };
}

/** Tags seen within the failed-index window, most recent first, optionally by prefix ("company:"). */
export async function knownTags({ prefix = "", limit = 50, redis = metricsRedis() } = {}): Promise<string[]> {
  const recent = await redis.zrevrange(tagKeys.known(), 0, 1999);
  return recent.filter((t) => t.startsWith(prefix)).slice(0, limit);
}
