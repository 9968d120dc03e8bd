// A batch of Redis writes, merged as they are added: many jobs' increments of
// the same field become one, many ZADDs on one key one ZADD. Recording adds each
// finished job here (pure, sub-microsecond) and a flush sends the batch as one
// pipeline — so the cost per job does not grow with Redis commands.
import type { ChainableCommander, Redis } from "ioredis";
import { withCommands } from "../redis/define-commands";

/** HINCRBY of many fields of one hash in ONE command: a flush sends one per hash, not one per field. */
const HINCRBY_MANY_LUA = `
for i = 1, #ARGV, 2 do
  redis.call("HINCRBY", KEYS[1], ARGV[i], ARGV[i + 1])
end
return #ARGV / 2`;

export type MetricsPipeline = ChainableCommander & {
  syHincrbyMany(key: string, ...fieldsAndIncrements: (string | number)[]): MetricsPipeline;
};

const METRICS_COMMANDS = { syHincrbyMany: { numberOfKeys: 1, lua: HINCRBY_MANY_LUA } };

/** A pipeline on `redis` that knows syHincrbyMany (EVALSHA, loaded on first use by ioredis). */
export function metricsPipeline(redis: Redis): MetricsPipeline {
  return withCommands(redis, METRICS_COMMANDS).pipeline() as MetricsPipeline;
}

export class RedisWrites {
  private readonly incr = new Map<string, Map<string, number>>();
  private readonly expire = new Map<string, number>();
  private readonly zadd = new Map<string, Map<string, number>>();
  private readonly set = new Map<string, { value: string; px: number }>();
  /** Jobs merged into this batch. */
  jobs = 0;

  hincrby(key: string, field: string, by: number): this {
    let fields = this.incr.get(key);
    if (!fields) this.incr.set(key, (fields = new Map()));
    fields.set(field, (fields.get(field) ?? 0) + by);
    return this;
  }

  /** The longest expiry asked for a key wins. */
  expireSeconds(key: string, seconds: number): this {
    this.expire.set(key, Math.max(this.expire.get(key) ?? 0, seconds));
    return this;
  }

  /** Sorted-set member with the highest score asked for in this batch. */
  zaddMember(key: string, member: string, score: number): this {
    let members = this.zadd.get(key);
    if (!members) this.zadd.set(key, (members = new Map()));
    const prev = members.get(member);
    if (prev === undefined || score > prev) members.set(member, score);
    return this;
  }

  setPx(key: string, value: string, px: number): this {
    this.set.set(key, { value, px: Math.max(1, Math.round(px)) });
    return this;
  }

  get empty(): boolean {
    return !this.incr.size && !this.zadd.size && !this.set.size && !this.expire.size;
  }

  /** Appends the merged commands; EXPIREs come after the writes that create their keys. */
  appendTo(pipe: MetricsPipeline): MetricsPipeline {
    for (const [key, fields] of this.incr) {
      const args: (string | number)[] = [];
      for (const [field, by] of fields) if (by) args.push(field, by);
      if (args.length) pipe.syHincrbyMany(key, ...args);
    }
    for (const [key, members] of this.zadd) {
      const args: (string | number)[] = [];
      for (const [member, score] of members) args.push(score, member);
      // GT: a batch that arrives late (slow host, old finish time) never moves a "last seen" score back.
      pipe.zadd(key, "GT", ...args);
    }
    for (const [key, { value, px }] of this.set) pipe.set(key, value, "PX", px);
    for (const [key, seconds] of this.expire) pipe.expire(key, seconds);
    return pipe;
  }
}
