import { describe, expect, it, vi } from "vitest";
import { hourOf, SIGNATURE_FAILURE_TTL_SECONDS, SignatureFailureTally, signatureFailuresPerHour } from "./signature-failures";

const H = 3_600_000;
const T = Date.UTC(2026, 10, 28, 1, 30);

/** A stand-in for ioredis' multi(): records the commands of each exec, or fails it. */
function fakeRedis(failures: number) {
  const execs: string[][] = [];
  let left = failures;
  const redis = {
    multi() {
      const cmds: string[] = [];
      const m = {
        incrby: (k: string, n: number) => (cmds.push(`INCRBY ${k.split(":").at(-1)} ${n}`), m),
        expire: (k: string, s: number) => (cmds.push(`EXPIRE ${k.split(":").at(-1)} ${s}`), m),
        exec: async () => {
          if (left-- > 0) throw new Error("Stream isn't writeable");
          execs.push(cmds);
          return [];
        },
      };
      return m;
    },
  };
  return { redis: redis as never, execs };
}

describe("SignatureFailureTally", () => {
  it("writes a burst as one MULTI per flush, one INCRBY + EXPIRE per hour", async () => {
    const { redis, execs } = fakeRedis(0);
    const tally = new SignatureFailureTally({ redis: () => redis, onError: vi.fn(), flushDelayMs: 60_000 });
    for (let i = 0; i < 500; i++) tally.count(T);
    tally.count(T + H);
    await tally.flush(T + H);
    expect(execs).toEqual([[`INCRBY ${hourOf(T)} 500`, `EXPIRE ${hourOf(T)} ${SIGNATURE_FAILURE_TTL_SECONDS}`, `INCRBY ${hourOf(T) + H} 1`, `EXPIRE ${hourOf(T) + H} ${SIGNATURE_FAILURE_TTL_SECONDS}`]]);
  });

  it("keeps the counts when Redis refuses (still connecting, down) and writes them on a later flush", async () => {
    const { redis, execs } = fakeRedis(2);
    const onError = vi.fn();
    const tally = new SignatureFailureTally({ redis: () => redis, onError, flushDelayMs: 60_000, retryDelayMs: 60_000 });
    tally.count(T);
    await tally.flush(T);
    tally.count(T);
    await tally.flush(T);
    await tally.flush(T);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(execs).toEqual([[`INCRBY ${hourOf(T)} 2`, `EXPIRE ${hourOf(T)} ${SIGNATURE_FAILURE_TTL_SECONDS}`]]);
  });

  it("drops kept hours once they are older than the buckets' TTL", async () => {
    const { redis, execs } = fakeRedis(1);
    const tally = new SignatureFailureTally({ redis: () => redis, onError: vi.fn(), flushDelayMs: 60_000, retryDelayMs: 60_000 });
    tally.count(T);
    await tally.flush(T + SIGNATURE_FAILURE_TTL_SECONDS * 1_000 + H);
    await tally.flush();
    expect(execs).toEqual([]);
  });
});

describe("signatureFailuresPerHour", () => {
  it("reads the last 24 hour buckets in one MGET, oldest first, empty hours left out", async () => {
    const mget = vi.fn(async (...keys: string[]) => keys.map((k) => (k.endsWith(String(hourOf(T))) ? "3" : k.endsWith(String(hourOf(T) - 23 * H)) ? "1" : null)));
    expect(await signatureFailuresPerHour({ mget } as never, 24, T)).toEqual([{ hour: hourOf(T) - 23 * H, count: 1 }, { hour: hourOf(T), count: 3 }]);
    expect(mget.mock.calls[0]).toHaveLength(24);
  });
});
