// The Prisma client, through @prisma/adapter-pg (no native query engine).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

export type { PrismaClient } from "./generated/client";
export * from "./generated/enums";

const globalForPrisma = globalThis as unknown as { switchyardPrisma?: PrismaClient };

export function createPrisma(url: string = env().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5_000 }) });
}

/** One client per process (Next's dev server reloads modules; the global survives). */
export function prisma(): PrismaClient {
  globalForPrisma.switchyardPrisma ??= createPrisma();
  return globalForPrisma.switchyardPrisma;
}
