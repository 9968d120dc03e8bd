// Monitored tags (Horizon's "Monitoring" screen): an admin monitors a tag, and
// every job carrying it is kept for `trim.monitored` (7 days by default) and listed together.
import type { Redis } from "ioredis";
import { Job } from "bullmq";
import { config } from "../config";
import { BadRequest } from "../http/app-error";
import { metricsRedis } from "../metrics/redis";
import { getQueue } from "../queue/queues";
import { normalizeTag } from "./job-tags";
import { monitoredTagsCache } from "./monitored-cache";
import { monitoredJobSchema, type MonitoredJob } from "./tag-index";
import { parseJobMember, tagKeys } from "./tag-keys";

/** Jobs already in the recent index that monitoring a tag copies at once. */
const BACKFILL_LIMIT = 1000;

export class InvalidTag extends BadRequest {
  override readonly code = "invalid_tag";
}

export function parseTag(raw: string): string {
  const tag = normalizeTag(raw);
  if (!tag) throw new InvalidTag("A tag is 1–120 characters without spaces, e.g. company:12.");
  return tag;
}

const windowMs = () => config().horizon.trim.monitored * 60_000;

export interface MonitoredTag {
  tag: string;
  /** Jobs kept for it now (within the monitored window). */
  jobs: number;
  since: number | null;
  by: string | null;
}

/** Copies the jobs of the recent index that BullMQ still holds (finished ones), so the list starts full. */
async function backfill(redis: Redis, tag: string, now: number): Promise<number> {
  const members = await redis.zrevrangebyscore(tagKeys.recent(tag), "+inf", now - windowMs(), "WITHSCORES", "LIMIT", 0, BACKFILL_LIMIT);
  let copied = 0;
  const pipe = redis.pipeline();
  for (let i = 0; i < members.length; i += 2) {
    const ref = parseJobMember(members[i]);
    if (!ref) continue;
    const job = await Job.fromId(getQueue(ref.queue), ref.jobId).catch(() => undefined);
    if (!job?.finishedOn) continue;
    const data = (job.data ?? {}) as { payload?: unknown; meta?: { tags?: string[] } };
    const copy: MonitoredJob = {
      id: ref.jobId, queue: ref.queue, name: job.name,
      status: job.failedReason && !job.returnvalue ? "failed" : "completed",
      tags: data.meta?.tags ?? [tag], payload: data.payload,
      attempt: job.attemptsMade, runtimeMs: job.processedOn ? job.finishedOn - job.processedOn : 0,
      finishedAt: job.finishedOn, ...(job.failedReason ? { error: job.failedReason } : {}),
    };
    const ttl = job.finishedOn + windowMs() - now;
    if (ttl <= 0) continue;
    pipe.set(tagKeys.jobCopy(members[i]), JSON.stringify(copy), "PX", ttl, "NX");
    pipe.zadd(tagKeys.monitoredJobs(tag), job.finishedOn, members[i]);
    copied++;
  }
  if (copied) await pipe.exec();
  return copied;
}

export async function monitorTag(raw: string, by: string, { redis = metricsRedis(), now = Date.now() } = {}): Promise<{ tag: string; backfilled: number }> {
  const tag = parseTag(raw);
  await redis.pipeline().sadd(tagKeys.monitored(), tag).hset(tagKeys.monitoredMeta(), tag, JSON.stringify({ by, at: now })).exec();
  monitoredTagsCache.invalidate();
  return { tag, backfilled: await backfill(redis, tag, now) };
}

/** Stops monitoring: the list goes, and each copy unless another monitored tag still lists its job. */
export async function unmonitorTag(raw: string, { redis = metricsRedis() } = {}): Promise<{ tag: string; removed: number }> {
  const tag = parseTag(raw);
  await redis.pipeline().srem(tagKeys.monitored(), tag).hdel(tagKeys.monitoredMeta(), tag).exec();
  monitoredTagsCache.invalidate();
  const others = await redis.smembers(tagKeys.monitored());
  const list = tagKeys.monitoredJobs(tag);
  const members = await redis.zrange(list, 0, -1);
  let removed = 0;
  for (let i = 0; i < members.length; i += 500) {
    const slice = members.slice(i, i + 500);
    const check = redis.pipeline();
    for (const m of slice) for (const other of others) check.zscore(tagKeys.monitoredJobs(other), m);
    const scores = others.length ? ((await check.exec()) ?? []) : [];
    const orphans = slice.filter((_, j) => others.every((__, k) => scores[j * others.length + k]?.[1] == null));
    if (orphans.length) removed += await redis.del(...orphans.map(tagKeys.jobCopy));
  }
  await redis.del(list);
  return { tag, removed };
}

export async function listMonitoredTags({ redis = metricsRedis(), now = Date.now() } = {}): Promise<MonitoredTag[]> {
  const tags = (await redis.smembers(tagKeys.monitored())).sort();
  if (!tags.length) return [];
  const pipe = redis.pipeline();
  for (const tag of tags) pipe.zcount(tagKeys.monitoredJobs(tag), `(${now - windowMs()}`, "+inf");
  pipe.hmget(tagKeys.monitoredMeta(), ...tags);
  const results = (await pipe.exec()) ?? [];
  const metas = (results[tags.length]?.[1] as (string | null)[]) ?? [];
  return tags.map((tag, i) => {
    let meta: { by?: string; at?: number } = {};
    try {
      meta = JSON.parse(metas[i] ?? "{}");
    } catch {
      // keep the defaults
    }
    return { tag, jobs: Number(results[i]?.[1] ?? 0), since: meta.at ?? null, by: meta.by ?? null };
  });
}

/** A monitored job's copy, and whether BullMQ still holds the job (its detail page exists). */
export type KeptJob = MonitoredJob & { inQueue: boolean };

/** A monitored tag's jobs, newest first, from their copies (they outlive BullMQ's trim). */
export async function monitoredJobs(
  raw: string,
  { offset = 0, limit = 50, redis = metricsRedis(), now = Date.now() } = {},
): Promise<{ tag: string; total: number; jobs: KeptJob[] }> {
  const tag = parseTag(raw);
  const list = tagKeys.monitoredJobs(tag);
  const min = `(${now - windowMs()}`;
  const [members, total] = await Promise.all([
    redis.zrevrangebyscore(list, "+inf", min, "LIMIT", offset, limit),
    redis.zcount(list, min, "+inf"),
  ]);
  if (!members.length) return { tag, total, jobs: [] };
  const copies = await redis.mget(...members.map(tagKeys.jobCopy));
  const jobs = copies.flatMap((raw) => {
    if (!raw) return [];
    const parsed = monitoredJobSchema.safeParse(JSON.parse(raw));
    return parsed.success ? [parsed.data] : [];
  });
  // Whether BullMQ still holds each job, so the console links only to job pages that exist.
  const exists = jobs.length ? ((await jobs.reduce((p, j) => p.exists(getQueue(j.queue).toKey(j.id)), redis.pipeline()).exec()) ?? []) : [];
  return { tag, total, jobs: jobs.map((j, i) => ({ ...j, inQueue: exists[i]?.[1] === 1 })) };
}
