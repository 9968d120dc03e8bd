// The Failed jobs screen's grouped view: the archive's rows counted by
// (exception class, normalized error), biggest first, with first/last seen and the
// latest row as a sample. Two shapes of the same count, chosen per request by
// chooseGroupShape (pure): an index walk when the filter only names columns of the
// group index and that index can answer alone, else one hash aggregate.
import type { FailedGroups } from "../../console/types";
import { env } from "../../env";
import { prisma, type PrismaClient } from "../client";
import { Prisma } from "../generated/client";
import { errorGroupSql } from "./error-group";
import { backfillSoon, GROUP_SQL, MESSAGE_CHARS, whereSql, type FailedFilter } from "./failed-jobs";

export type GroupShape = "keyed" | "hashed";

/**
 * Past this many distinct (group, class) keys, walking them one index probe each costs more than
 * one hash aggregate over the rows (bench: a probe ≈ 25–35 µs; 100k rows hashed ≈ 50–60 ms).
 */
export const KEYED_MAX_KEYS = 500;
/** Below this share of all-visible heap pages, an index-only count pays a heap visit per row. */
export const KEYED_MIN_VISIBLE = 0.5;

/**
 * "keyed" when every condition of the filter is on a column of the group index (prefix,
 * errorGroup, exceptionClass, failedAt, retriedAt) and most of the table is all-visible, so
 * counting from that index never reads the heap; otherwise "hashed". Pure.
 */
export function chooseGroupShape(filter: FailedFilter, visibleFraction: number): GroupShape {
  return groupIndexCovers(filter) && visibleFraction >= KEYED_MIN_VISIBLE ? "keyed" : "hashed";
}

/** Whether the filter names only columns of the group index. Pure. */
export function groupIndexCovers(filter: FailedFilter): boolean {
  return !filter.queue && !filter.jobName && !filter.q && !filter.uuids;
}

const VISIBILITY_TTL_MS = 60_000;
let visibility: { at: number; fraction: number } | null = null;

/**
 * Share of FailedJob's pages the visibility map marks all-visible (pg_class, as VACUUM/ANALYZE
 * last counted it). Kept a minute per process: it moves with autovacuum, not per request.
 */
async function visibleFraction(db: PrismaClient): Promise<number> {
  if (visibility && Date.now() - visibility.at < VISIBILITY_TTL_MS) return visibility.fraction;
  const [r] = await db.$queryRaw<{ f: number }[]>`
    SELECT (relallvisible::float8 / greatest(relpages, 1))::float8 AS f FROM pg_class WHERE oid = '"FailedJob"'::regclass`;
  visibility = { at: Date.now(), fraction: r?.f ?? 0 };
  return visibility.fraction;
}

/**
 * Per-group counts of the rows with a stored group, as CTEs ending in `stored`, plus `walked`:
 * how many keys the walk visited (0 for "hashed").
 *
 * keyed: walk the distinct (errorGroup, exceptionClass) keys of the group index — one probe per
 * key, a recursive "skip scan", at most maxKeys + 1 — and count each key's range from the index
 * in its own order: no hash over 100k texts, no heap read on all-visible pages. The walk ignores
 * the filter on purpose (it must stay an index walk); keys without a matching row count 0 and are
 * dropped, so both shapes return the same groups. More than maxKeys keys: the caller re-asks "hashed".
 * Each key's count names index columns only: "keyed" is chosen only for filters the index covers,
 * and the group condition is on the stored column (whereSql's storedGroupOnly).
 */
function storedSql(f: FailedFilter, shape: GroupShape, maxKeys: number): { ctes: Prisma.Sql; walked: Prisma.Sql } {
  if (shape === "hashed") {
    return {
      ctes: Prisma.sql`stored AS (
        SELECT "exceptionClass", "errorGroup" AS g, count(*) AS n, min("failedAt") AS first, max("failedAt") AS last
        FROM "FailedJob" WHERE ${whereSql(f)} AND "errorGroup" <> '' GROUP BY 1, 2)`,
      walked: Prisma.sql`0`,
    };
  }
  const prefix = env().REDIS_PREFIX;
  return {
    ctes: Prisma.sql`keys AS (
        (SELECT "errorGroup" AS g, "exceptionClass" AS c, 1 AS depth FROM "FailedJob"
         WHERE prefix = ${prefix} AND "errorGroup" > '' ORDER BY "errorGroup", "exceptionClass" LIMIT 1)
        UNION ALL
        SELECT nx.g, nx.c, keys.depth + 1 FROM keys CROSS JOIN LATERAL (
          SELECT "errorGroup" AS g, "exceptionClass" AS c FROM "FailedJob"
          WHERE prefix = ${prefix} AND ("errorGroup", "exceptionClass") > (keys.g, keys.c)
          ORDER BY "errorGroup", "exceptionClass" LIMIT 1) nx
        WHERE keys.depth <= ${maxKeys}
      ), stored AS (
        SELECT keys.c AS "exceptionClass", keys.g AS g, a.n, a.first, a.last FROM keys CROSS JOIN LATERAL (
          SELECT count(*) AS n, min("failedAt") AS first, max("failedAt") AS last FROM "FailedJob"
          WHERE ${whereSql(f, { storedGroupOnly: true })} AND "errorGroup" = keys.g AND "exceptionClass" = keys.c) a
        WHERE a.n > 0 AND (SELECT count(*) FROM keys) <= ${maxKeys})`,
    walked: Prisma.sql`(SELECT count(*) FROM keys)`,
  };
}

interface RawGroup {
  walked: number;
  exceptionClass: string | null;
  errorGroup: string;
  count: number;
  first: Date;
  last: Date;
  total: number;
  sampleUuid: string | null;
  sampleMessage: string | null;
  sampleJobName: string | null;
  sampleQueue: string | null;
}

async function groupRows(filter: FailedFilter, limit: number, db: PrismaClient, shape: GroupShape, maxKeys: number): Promise<RawGroup[]> {
  const where = whereSql(filter);
  const stored = storedSql(filter, shape, maxKeys);
  // One row even when no group matches (w LEFT JOIN …), so `walked` always comes back.
  return db.$queryRaw<RawGroup[]>`
    WITH RECURSIVE ${stored.ctes}, parts AS (
      SELECT * FROM stored
      UNION ALL
      SELECT "exceptionClass", ${Prisma.raw(errorGroupSql("message"))} AS g, count(*), min("failedAt"), max("failedAt")
      FROM "FailedJob" WHERE ${where} AND "errorGroup" = '' GROUP BY 1, 2
    ), g AS (
      SELECT "exceptionClass", g AS "errorGroup", sum(n)::int AS count, min(first) AS first, max(last) AS last FROM parts GROUP BY 1, 2
    ), top AS (SELECT * FROM g ORDER BY count DESC, last DESC LIMIT ${limit})
    SELECT w.walked, top."exceptionClass", top."errorGroup", top.count, top.first, top.last,
           (SELECT coalesce(sum(count), 0) FROM g)::int AS total,
           s.uuid::text AS "sampleUuid", left(s.message, ${MESSAGE_CHARS}) AS "sampleMessage", s."jobName" AS "sampleJobName", s.queue AS "sampleQueue"
    FROM (SELECT ${stored.walked}::int AS walked) w LEFT JOIN top ON true LEFT JOIN LATERAL (
      SELECT uuid, message, "jobName", queue FROM "FailedJob"
      WHERE ${where} AND "exceptionClass" = top."exceptionClass" AND "failedAt" = top.last AND ${GROUP_SQL} = top."errorGroup"
      ORDER BY uuid DESC LIMIT 1 -- the list's own order breaks ties, so the sample never flips
    ) s ON true
    ORDER BY top.count DESC, top.last DESC`;
}

/**
 * Groups by (exception class, normalized message), biggest first; each with its latest row as the sample.
 * Rows archived without a stored group (before recordFailure stored it) are normalized in SQL and merged in.
 * `options` pins the shape (honoured only where the index covers the filter) or the key limit (tests).
 */
export async function failedGroups(
  filter: FailedFilter,
  limit = 100,
  db: PrismaClient = prisma(),
  options: { shape?: GroupShape; maxKeys?: number } = {},
): Promise<FailedGroups> {
  backfillSoon(db);
  const maxKeys = options.maxKeys ?? KEYED_MAX_KEYS;
  const shape = !groupIndexCovers(filter) ? "hashed" : (options.shape ?? chooseGroupShape(filter, await visibleFraction(db)));
  let rows = await groupRows(filter, limit, db, shape, maxKeys);
  if (shape === "keyed" && (rows[0]?.walked ?? 0) > maxKeys) rows = await groupRows(filter, limit, db, "hashed", maxKeys);
  const found = rows.filter((r) => r.exceptionClass !== null);
  return {
    total: found[0]?.total ?? 0,
    groups: found.map((r) => ({
      exceptionClass: r.exceptionClass ?? "",
      errorGroup: r.errorGroup,
      count: r.count,
      firstSeen: r.first.toISOString(),
      lastSeen: r.last.toISOString(),
      sample: r.sampleUuid
        ? { uuid: r.sampleUuid, message: r.sampleMessage ?? "", jobName: r.sampleJobName ?? "", queue: r.sampleQueue ?? "" }
        : null,
    })),
  };
}
