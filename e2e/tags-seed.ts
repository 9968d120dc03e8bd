// Tagged jobs for the Tags screen's e2e tests: real BullMQ jobs moved to
// completed/failed by a manual worker, then indexed by the app's own indexer
// (lib/tags/tag-index.ts addJobTags, what the workers' recorder calls), without
// recording metrics for them. forgetTag removes every key a test tag made.
import { Worker } from "bullmq";
import { config } from "../lib/config";
import { env } from "../lib/env";
import { metricsRedis } from "../lib/metrics/redis";
import { metricsPipeline, RedisWrites } from "../lib/metrics/writes";
import { createRedis } from "../lib/redis/connection";
import { unmonitorTag } from "../lib/tags/monitoring";
import { addJobTags } from "../lib/tags/tag-index";
import { tagKeys } from "../lib/tags/tag-keys";
import { addJobs } from "./console-seed";

export interface TaggedSeed {
  name: string;
  payload: unknown;
  outcome: "completed" | "failed";
  error?: string;
}

/** Adds, finishes and indexes the jobs under `tags`, in order; returns their ids. */
export async function seedTaggedJobs(queue: string, tags: string[], jobs: TaggedSeed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const j of jobs) ids.push(...(await addJobs(queue, j.name, [j.payload])));
  const connection = createRedis({ blocking: true });
  const worker = new Worker(queue, null, { connection, prefix: env().REDIS_PREFIX });
  const writes = new RedisWrites();
  try {
    for (const [i, j] of jobs.entries()) {
      const job = await worker.getNextJob("tags-token");
      if (job?.id !== ids[i]) throw new Error(`expected job ${ids[i]}, got ${job?.id}`);
      if (j.outcome === "failed") await job.moveToFailed(new Error(j.error ?? "failed"), "tags-token", false);
      else await job.moveToCompleted({ ok: true }, "tags-token", false);
      const finishedAt = job.finishedOn ?? Date.now();
      addJobTags(writes, { queue, name: j.name, jobId: ids[i], outcome: j.outcome, runtimeMs: 5, finishedAt, payload: j.payload, ...(j.error ? { error: j.error } : {}) }, tags, {
        monitored: new Set(), monitoredWindowMs: config().horizon.trim.monitored * 60_000,
      });
    }
  } finally {
    await worker.close();
    connection.disconnect();
  }
  await writes.appendTo(metricsPipeline(metricsRedis())).exec();
  return ids;
}

/** Stops monitoring `tag` (if it was) and removes its index entries. */
export async function forgetTag(tag: string): Promise<void> {
  await unmonitorTag(tag).catch(() => undefined);
  const r = metricsRedis();
  await r.del(tagKeys.recent(tag), tagKeys.failed(tag), tagKeys.monitoredJobs(tag));
  await r.zrem(tagKeys.known(), tag);
  await r.zrem(tagKeys.knownFailed(), tag);
}
