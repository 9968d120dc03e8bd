// Issue 7 · secrets never reach the browser. Everything `next build` ships to a
// browser — .next/static/** (client chunks, CSS, media) and the prerendered
// HTML/RSC payloads under .next/server — is searched for the test env's secret
// values, raw and in the encodings a leak could take (base64, URL-encoded).
// The search only proves something if the build saw those values: bootstrap.mjs
// stamps each build with the sha256 of the secrets it had (.next/switchyard-build-env.json),
// and this test refuses a build made with other values or older than the sources.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { env as readEnv } from "@/lib/env";
import { assertFreshBuild } from "../authz/test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT = path.join(ROOT, ".next");
const SECRET_NAMES = ["RETELL_API_KEY", "NEXTAUTH_SECRET", "DATABASE_URL", "METRICS_TOKEN"] as const;
// The values this run has (scripts/test-env.mjs, or the caller's overrides — which bootstrap also built with).
const env = readEnv() as unknown as Record<string, string>;
/** Not in the list but equally fatal in a bundle; the test env's value is known here. */
const EXTRA_NAMES = ["ADMIN_PASSWORD"] as const;
const REBUILD = "run `npm test` (it rebuilds when needed) or `flock /tmp/next.lock node scripts/bootstrap.mjs test --build-only`";

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, keep) : keep(full) ? [full] : [];
  });
}

/** Every file a browser can receive from this build. */
function browserFacingFiles(nextDir: string): string[] {
  return [
    ...filesUnder(path.join(nextDir, "static"), () => true),
    ...filesUnder(path.join(nextDir, "server", "app"), (f) => /\.(html|rsc|body|meta)$/.test(f)),
    ...filesUnder(path.join(nextDir, "server", "pages"), (f) => /\.html$/.test(f)),
  ];
}

function needles(value: string): string[] {
  return [value, Buffer.from(value).toString("base64"), encodeURIComponent(value)];
}

/** `name in file` for every needle of every secret found in the files. */
function findLeaks(files: string[], secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const file of files) {
    const text = readFileSync(file).toString("latin1");
    for (const [name, value] of Object.entries(secrets)) {
      if (needles(value).some((n) => text.includes(n))) leaks.push(`${name} in ${path.relative(ROOT, file)}`);
    }
  }
  return leaks;
}

const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");
const secrets = Object.fromEntries([...SECRET_NAMES, ...EXTRA_NAMES].map((n) => [n, env[n]!]));

describe("the client bundle holds no secrets", () => {
  it("the searcher finds a planted secret in each encoding (so a clean result means something)", () => {
    const fake = mkdtempSync(path.join(tmpdir(), "switchyard-bundle-"));
    mkdirSync(path.join(fake, "static", "chunks"), { recursive: true });
    mkdirSync(path.join(fake, "server", "app"), { recursive: true });
    writeFileSync(path.join(fake, "static", "chunks", "a.js"), `const k=${JSON.stringify(env.RETELL_API_KEY)};`);
    writeFileSync(path.join(fake, "static", "chunks", "b.js"), `atob("${Buffer.from(env.NEXTAUTH_SECRET!).toString("base64")}")`);
    writeFileSync(path.join(fake, "server", "app", "page.html"), `<a href="?u=${encodeURIComponent(env.DATABASE_URL!)}">`);
    writeFileSync(path.join(fake, "server", "app", "page.rsc"), `0:["${env.METRICS_TOKEN}"]`);
    writeFileSync(path.join(fake, "server", "app", "route.js"), `server only: ${env.ADMIN_PASSWORD}`); // not browser-facing
    expect(findLeaks(browserFacingFiles(fake), secrets).sort()).toEqual([
      "DATABASE_URL", "METRICS_TOKEN", "NEXTAUTH_SECRET", "RETELL_API_KEY",
    ].map((n) => expect.stringContaining(n)));
  });

  it("the build is current and was made with the test env's secret values", () => {
    assertFreshBuild(ROOT);
    const stampFile = path.join(NEXT, "switchyard-build-env.json");
    expect(existsSync(stampFile), `no ${path.relative(ROOT, stampFile)}: this build was not made by scripts/bootstrap.mjs; ${REBUILD}`).toBe(true);
    const stamp = JSON.parse(readFileSync(stampFile, "utf8")) as { buildId: string; secrets: Record<string, string | null> };
    expect(stamp.buildId, `the stamp belongs to another build; ${REBUILD}`).toBe(readFileSync(path.join(NEXT, "BUILD_ID"), "utf8").trim());
    for (const name of SECRET_NAMES) {
      expect(stamp.secrets[name], `${name}: the build did not see the test env's value; ${REBUILD}`).toBe(sha256(env[name]!));
    }
  });

  it("no secret value appears in any browser-facing file of the build", () => {
    const files = browserFacingFiles(NEXT);
    const scripts = files.filter((f) => f.endsWith(".js"));
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    console.log(`[bundle-secrets] searched ${files.length} browser-facing files (${scripts.length} scripts, ${(bytes / 1024 / 1024).toFixed(1)} MB) for ${Object.keys(secrets).join(", ")}`);
    // A build with no client scripts would make the search vacuous.
    expect(scripts.length).toBeGreaterThan(5);
    expect(findLeaks(files, secrets)).toEqual([]);
  });
});
