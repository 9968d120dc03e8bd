// The malloc arena cap of the workers processes: defaulted, never overriding the operator's
// value, warned about when the master itself runs without it, and set by `npm run workers`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { arenaCapWarning, DEFAULT_MALLOC_ARENA_MAX, withArenaCap } from "./malloc-arenas";

describe("withArenaCap", () => {
  it("adds the default cap to an environment without one, keeping the rest", () => {
    expect(withArenaCap({ PATH: "/bin" })).toEqual({ PATH: "/bin", MALLOC_ARENA_MAX: DEFAULT_MALLOC_ARENA_MAX });
  });
  it("keeps an operator's value", () => {
    expect(withArenaCap({ MALLOC_ARENA_MAX: "4" }).MALLOC_ARENA_MAX).toBe("4");
  });
});

describe("arenaCapWarning", () => {
  it("names the variable and the fix when glibc runs the master without a cap", () => {
    expect(arenaCapWarning({}, () => true)).toMatch(/^MALLOC_ARENA_MAX is not set: .*MALLOC_ARENA_MAX=2 as `npm run workers` does/);
  });
  it("says nothing when the cap is set, or off glibc", () => {
    expect(arenaCapWarning({ MALLOC_ARENA_MAX: "2" }, () => true)).toBeNull();
    expect(arenaCapWarning({}, () => false)).toBeNull();
  });
});

describe("npm run workers", () => {
  // The script as package.json has it, with the entrypoint swapped for one that prints what the master would see.
  const script = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8")).scripts.workers as string;
  const seenBy = (env: Record<string, string | undefined>) =>
    execFileSync("sh", ["-c", script.replace("node --import tsx workers/main.ts", `"${process.execPath}" -p process.env.MALLOC_ARENA_MAX`)], { env: env as NodeJS.ProcessEnv }).toString().trim();

  it("starts the master with the default cap", () => {
    expect(script).toContain("workers/main.ts");
    expect(seenBy({ PATH: process.env.PATH })).toBe(DEFAULT_MALLOC_ARENA_MAX);
  });
  it("keeps the operator's cap", () => {
    expect(seenBy({ PATH: process.env.PATH, MALLOC_ARENA_MAX: "4" })).toBe("4");
  });
});
