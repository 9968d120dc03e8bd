// The driver adapter the Prisma CLI uses offline (engine "js"; see
// docs/DATABASE.md). It works around two faults of @prisma/adapter-pg 6.19 when
// it serves the schema engine rather than queries:
//  - catalog queries return internal types (`name`, `"char"`, `regproc`…)
//    that the adapter rejects ("Column type 'name' could not be
//    deserialized"); we report them as `text` (or `text[]`), which is what
//    they are on the wire in pg's text protocol;
//  - its shadow database is dropped before its pool closes, which PostgreSQL
//    refuses; ours closes the pool first.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfigFromUrl } from "./pg-config";

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// char, name, int2vector, regproc, oidvector, pg_node_tree, regclass, regtype
const CATALOG_SCALARS = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
// name[], int2vector[], regproc[], oidvector[]
const CATALOG_ARRAYS = new Set([1003, 1006, 1008, 1013]);

function catalogFriendlyPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) {
      if (CATALOG_SCALARS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (CATALOG_ARRAYS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  };
  return pool;
}

export class CliPgAdapter extends PrismaPg {
  constructor(private readonly url: string) {
    super(pgConfigFromUrl(url));
  }

  override async connect() {
    const pool = catalogFriendlyPool(pgConfigFromUrl(this.url));
    return new PrismaPg(pool, { disposeExternalPool: true }).connect();
  }

  override async connectToShadowDb() {
    const name = `switchyard_shadow_${randomUUID().replaceAll("-", "")}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    const pool = catalogFriendlyPool({ ...pgConfigFromUrl(this.url), database: name });
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.admin(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return adapter;
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client(pgConfigFromUrl(this.url));
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
