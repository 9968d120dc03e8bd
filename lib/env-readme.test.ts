// The README's environment table lists every variable env() reads, each with its
// default: a variable added to lib/env.ts without a row fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "./env";

const readme = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
const table = readme.slice(readme.indexOf("## Environment variables"), readme.indexOf("\n## ", readme.indexOf("## Environment variables") + 1));
const rows = new Map(
  [...table.matchAll(/^\| `([A-Z0-9_]+)` \| (.*?) \| (.*)\|$/gm)].map((m) => [m[1], { default: m[2], meaning: m[3] }]),
);
// What each variable parses to when unset: its schema default, if it has one.
const defaults = envSchema.safeParse({});

describe("README environment table", () => {
  it.each(Object.keys(envSchema.shape))("has a row for %s", (name) => {
    expect(rows.has(name), `README.md lacks a row for ${name}`).toBe(true);
    expect(rows.get(name)!.meaning.trim(), `${name}'s row says nothing`).not.toBe("");
  });

  it("gives each schema default in its row", () => {
    expect(defaults.success).toBe(true);
    for (const [name, value] of Object.entries(defaults.data!)) {
      if (value === undefined || typeof value === "object") continue;
      expect(rows.get(name)?.default, name).toContain(`\`${String(value)}\``);
    }
  });
});
