// Per-job measurements, aggregated in Redis per minute (issue 6 §1): counters
// on one hash per minute and one cumulative hash, never a row per job. Every
// host's workers write the same keys, so snapshots see all hosts. This file
// says WHAT a job adds; record-job.ts batches and flushes it.
import { fineBucket, promBucket } from "./buckets";
import { metricsKeys, minuteField, minuteOf, MINUTE_TTL_SECONDS, totalsField } from "./keys";
import type { RedisWrites } from "./writes";

/**
 * How an attempt ended. `failed` is a job failed for good; `retrying` an attempt that
 * failed with another to follow; `released` a job put back (ctx.release / a middleware).
 */
export type JobOutcome = "completed" | "failed" | "retrying" | "released";

/** What the workers report when an attempt ends (the runtime's finish hook, see TEAM.md). */
export interface JobFinished {
  queue: string;
  /** Job class: the definition name. */
  name: string;
  jobId: string;
  outcome: JobOutcome;
  /** Enqueued (or due, for delayed jobs) → started, ms. Undefined when unknown (e.g. a retry). */
  waitMs?: number;
  /** Started → finished, ms. */
  runtimeMs: number;
  /** Epoch ms the attempt ended; picks the minute. @defaultValue now */
  finishedAt?: number;
  attempt?: number;
  tags?: readonly string[];
  payload?: unknown;
}

/** Finished jobs count toward throughput; retried/released attempts only toward runtime. */
export function isFinalOutcome(outcome: JobOutcome): boolean {
  return outcome === "completed" || outcome === "failed";
}

/** One (minute, queue, job class)'s counts in a batch: plain numbers, turned into HINCRBYs at flush. */
interface Tally {
  minute: number;
  queue: string;
  name: string;
  lastAt: number;
  completed: number;
  failed: number;
  retried: number;
  runtimeSum: number;
  runtimeCount: number;
  waitSum: number;
  waitCount: number;
  runtimeFine: Map<number, number>;
  waitFine: Map<number, number>;
  runtimeProm: Map<number, number>;
  waitProm: Map<number, number>;
}

const bump = (m: Map<number, number>, i: number) => m.set(i, (m.get(i) ?? 0) + 1);

/**
 * Counts finished attempts in memory, one Tally per (minute, queue, job class):
 * adding a job is a Map lookup and a few additions (about a microsecond), so it can
 * run on the job's path. `drainInto` turns the batch into merged Redis writes.
 */
export class MetricsTally {
  private tallies = new Map<string, Tally>();
  /** The tally of the previous job: a busy worker mostly repeats one job class within a minute. */
  private last: Tally | undefined;
  jobs = 0;

  add(job: JobFinished, now = Date.now()): void {
    const at = job.finishedAt ?? now;
    const minute = minuteOf(at);
    let t = this.last;
    if (!t || t.minute !== minute || t.name !== job.name || t.queue !== job.queue) t = this.tallyFor(minute, job.queue, job.name, at);
    this.last = t;
    if (at > t.lastAt) t.lastAt = at;
    if (job.outcome === "completed") t.completed++;
    else if (job.outcome === "failed") t.failed++;
    else t.retried++;
    const runtime = Math.max(0, Math.round(job.runtimeMs));
    t.runtimeSum += runtime;
    t.runtimeCount++;
    bump(t.runtimeFine, fineBucket(runtime));
    bump(t.runtimeProm, promBucket(runtime));
    if (job.waitMs !== undefined && Number.isFinite(job.waitMs)) {
      const wait = Math.max(0, Math.round(job.waitMs));
      t.waitSum += wait;
      t.waitCount++;
      bump(t.waitFine, fineBucket(wait));
      bump(t.waitProm, promBucket(wait));
    }
    this.jobs++;
  }

  private tallyFor(minute: number, queue: string, name: string, at: number): Tally {
    const id = `${minute}|${queue}|${name}`;
    let t = this.tallies.get(id);
    if (!t) {
      t = {
        minute, queue, name, lastAt: at, completed: 0, failed: 0, retried: 0,
        runtimeSum: 0, runtimeCount: 0, waitSum: 0, waitCount: 0,
        runtimeFine: new Map(), waitFine: new Map(), runtimeProm: new Map(), waitProm: new Map(),
      };
      this.tallies.set(id, t);
    }
    return t;
  }

  get size(): number {
    return this.tallies.size;
  }

  /** Moves every tally into `w` (minute hash, totals hash, measured names) and empties this batch. */
  drainInto(w: RedisWrites): void {
    const tk = metricsKeys.totals();
    const mq = metricsKeys.measuredQueues();
    const mj = metricsKeys.measuredJobs();
    for (const t of this.tallies.values()) {
      const mk = metricsKeys.minute(t.minute);
      const q = (m: string) => minuteField("q", t.queue, m);
      const j = (m: string) => minuteField("j", t.name, m);
      const tt = (m: string) => totalsField(t.queue, t.name, m);
      const finished = t.completed + t.failed;
      w.hincrby(mk, q("n"), finished).hincrby(mk, j("n"), finished)
        .hincrby(mk, q("f"), t.failed).hincrby(mk, j("f"), t.failed)
        .hincrby(mk, q("rs"), t.runtimeSum).hincrby(mk, q("rn"), t.runtimeCount)
        .hincrby(mk, j("rs"), t.runtimeSum).hincrby(mk, j("rn"), t.runtimeCount)
        .hincrby(mk, q("ws"), t.waitSum).hincrby(mk, q("wn"), t.waitCount)
        .hincrby(tk, tt("c"), t.completed).hincrby(tk, tt("f"), t.failed).hincrby(tk, tt("t"), t.retried)
        .hincrby(tk, tt("rs"), t.runtimeSum).hincrby(tk, tt("rn"), t.runtimeCount)
        .hincrby(tk, tt("ws"), t.waitSum).hincrby(tk, tt("wn"), t.waitCount);
      for (const [i, n] of t.runtimeFine) w.hincrby(mk, j(`r${i}`), n);
      for (const [i, n] of t.waitFine) w.hincrby(mk, q(`w${i}`), n);
      for (const [i, n] of t.runtimeProm) w.hincrby(tk, tt(`r${i}`), n);
      for (const [i, n] of t.waitProm) w.hincrby(tk, tt(`w${i}`), n);
      w.expireSeconds(mk, MINUTE_TTL_SECONDS);
      w.zaddMember(mq, t.queue, t.lastAt).zaddMember(mj, t.name, t.lastAt);
    }
    w.jobs += this.jobs;
    this.tallies.clear();
    this.last = undefined;
    this.jobs = 0;
  }
}

/** Adds the measurements of one finished attempt to a batch of writes (benches, tests). */
export function addJobMetrics(w: RedisWrites, job: JobFinished, now = Date.now()): void {
  const tally = new MetricsTally();
  tally.add(job, now);
  tally.drainInto(w);
}
