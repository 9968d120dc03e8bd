// Prisma CLI configuration.
//
// Offline (SWITCHYARD_PRISMA_OFFLINE=1, set by our scripts) the CLI runs its
// bundled wasm schema engine through the pg driver adapter, so no native engine
// is downloaded. Otherwise it is plain Prisma: `prisma migrate deploy`,
// `migrate status`, `studio` work as usual on a machine with internet.
// See docs/DATABASE.md.
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./lib/db/database-url";
import { CliPgAdapter } from "./lib/db/cli-adapter";

const offline = process.env.SWITCHYARD_PRISMA_OFFLINE === "1";

const common = { schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" } };

export default offline
  ? defineConfig({
      ...common,
      engine: "js",
      experimental: { adapter: true },
      adapter: async () => new CliPgAdapter(databaseUrl()),
    })
  : defineConfig(common);
