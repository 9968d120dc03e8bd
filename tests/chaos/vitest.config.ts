// `npm run test:chaos`: the long, process-killing tests, kept out of `npm test`.
// Each file brings its own private redis-server, so no global setup/teardown of
// the shared Redis is needed; the test database is the usual one.
import { defineConfig } from "vitest/config";
import path from "node:path";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and playwright
import { applyTestEnv } from "../../scripts/test-env.mjs";

// The route logs every 503 at error level; the figures are printed by the test itself.
process.env.LOG_LEVEL ??= "fatal";
applyTestEnv();
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    root,
    name: "chaos",
    include: ["tests/chaos/**/*.chaos.ts"],
    setupFiles: ["tests/unique-prefix.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
