import { defineConfig } from "vitest/config";
import path from "node:path";
// @ts-expect-error plain ESM, importable by the config loader as is
import SlowFirstSequencer from "./tests/slow-first-sequencer.mjs";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and playwright
import { applyTestEnv } from "./scripts/test-env.mjs";

applyTestEnv();

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,workers,app,components,scripts,tests}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          // Unit tests first (fast feedback), then the integration files.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,workers,app,scripts,tests}/**/*.int.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/unique-prefix.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration files share one Redis and one database: a few at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
