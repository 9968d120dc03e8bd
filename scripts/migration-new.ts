// `npm run db:migrate:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL Prisma's differ produces between the existing migrations and
// prisma/schema.prisma. Never hand-write migration SQL.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDatabase } from "../lib/db/ensure-database";
import { databaseUrl } from "../lib/db/database-url";
import { runPrisma } from "./prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migrate:new -- <snake_case_name>");
  process.exit(2);
}

await ensureDatabase(databaseUrl());
const diff = runPrisma(
  ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  databaseUrl(),
  { quiet: true },
);
if (diff.status !== 0) {
  process.stderr.write(diff.stdout + diff.stderr);
  process.exit(1);
}
const sql = diff.stdout.replace(/^Loaded Prisma config.*\n+/m, "");
if (/This is an empty migration/.test(sql)) {
  console.log("schema.prisma matches the migrations: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql`);
