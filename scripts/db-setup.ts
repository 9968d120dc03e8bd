// `npm run db:setup`: create the database if missing, then apply pending
// migrations with Prisma's own `migrate deploy` (offline-capable, writes
// `_prisma_migrations` exactly as Prisma does everywhere).
import { ensureDatabase } from "../lib/db/ensure-database";
import { databaseUrl } from "../lib/db/database-url";
import { runPrisma } from "./prisma-cli";

export async function setupDatabase(url = databaseUrl()): Promise<void> {
  const created = await ensureDatabase(url);
  if (created) console.log(`[db] created database ${new URL(url).pathname.slice(1)}`);
  const run = runPrisma(["migrate", "deploy"], url, { quiet: true });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error("prisma migrate deploy failed (output above)");
  }
  const applied = run.stdout.match(/following migration\(s\) have been applied/);
  console.log(applied ? "[db] migrations applied" : "[db] database schema is up to date");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setupDatabase().catch((error) => {
    console.error(`[db] ${error.message}`);
    process.exit(1);
  });
}
