// The migrated test database must be exactly what prisma/schema.prisma says,
// judged by Prisma's own differ, and the migrations must add up to the schema.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPrisma } from "../../scripts/prisma-cli";

const url = process.env.DATABASE_URL!;

describe("database schema", () => {
  it("migrations in prisma/migrations produce exactly schema.prisma", () => {
    const run = runPrisma(
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      url,
      { quiet: true },
    );
    expect(run.stdout + run.stderr).toMatch(/No difference detected/);
    expect(run.status).toBe(0);
  });

  it("the migrated database has no drift from schema.prisma", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-drift-"));
    const bare = path.join(dir, "bare.prisma");
    writeFileSync(bare, 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n');
    const pulled = runPrisma(["db", "pull", "--print", "--schema", bare], url, { quiet: true });
    expect(pulled.status, pulled.stderr).toBe(0);
    // The CLI prints a driver-adapter notice before the datamodel; keep the datamodel.
    const live = path.join(dir, "live.prisma");
    writeFileSync(live, pulled.stdout.slice(pulled.stdout.indexOf("datasource db")));

    const diff = runPrisma(
      ["migrate", "diff", "--from-schema-datamodel", live, "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      url,
      { quiet: true },
    );
    expect(diff.stdout + diff.stderr).toMatch(/No difference detected/);
    expect(diff.status).toBe(0);
  });
});
