#!/usr/bin/env node
// `npm start`, `npm test`, `npm run dev`: prepare a fresh clone and run it.
// Plain Node with no dependencies, because it runs before `npm ci` has.
//
//   start  install → prisma generate → create db + migrate → ensure admin → build if stale → console + workers
//   dev    the same without the build, `next dev` instead of `next start`
//   test   the same against the test database / Redis DB 1, then vitest and playwright
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyTestEnv } from "./test-env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2] ?? "start";
const prepareOnly = process.argv.includes("--prepare-only");
const buildOnly = process.argv.includes("--build-only");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function step(message) {
  console.log(`\x1b[36m[switchyard]\x1b[0m ${message}`);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`[switchyard] ${path.basename(command)} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry === "generated" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function ensureDependencies() {
  const installed = path.join(root, "node_modules", ".package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(path.join(root, "package-lock.json")).mtimeMs) return;
  step("installing dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

/** dev/start keep a generated NEXTAUTH_SECRET in .switchyard/ so sessions survive restarts. */
function ensureSecret(env) {
  if (env.NEXTAUTH_SECRET) return;
  const file = path.join(root, ".switchyard", "nextauth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    step(`generated NEXTAUTH_SECRET in ${path.relative(root, file)} (set NEXTAUTH_SECRET yourself in production)`);
  }
  env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
}

function prepare(env) {
  step("generating the Prisma client");
  run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
    ...env,
    PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, "package.json"),
    PRISMA_QUERY_ENGINE_LIBRARY: env.PRISMA_QUERY_ENGINE_LIBRARY ?? path.join(root, "package.json"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    SWITCHYARD_PRISMA_OFFLINE: "1",
  });
  step(`database ${new URL(env.DATABASE_URL ?? "postgresql://x/switchyard").pathname.slice(1)}: create if missing, migrate`);
  run(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], env);
  step("making sure an admin account exists");
  run(process.execPath, ["--import", "tsx", "scripts/admin.ts", "ensure"], env);
}

/**
 * Which secret values a build was made with (sha256 only, outside .next/static), so the
 * bundle-secrets test (tests/security/bundle-secrets.int.test.ts) can prove it searched a
 * bundle built WITH the test env's secrets, and `npm test` rebuilds when it was not.
 */
const BUILD_ENV_STAMP = path.join(root, ".next", "switchyard-build-env.json");
const STAMPED_SECRETS = ["RETELL_API_KEY", "NEXTAUTH_SECRET", "DATABASE_URL", "METRICS_TOKEN"];

function buildEnvStamp(env) {
  const buildId = existsSync(path.join(root, ".next", "BUILD_ID")) ? readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim() : null;
  const secrets = Object.fromEntries(STAMPED_SECRETS.map((k) => [k, env[k] ? createHash("sha256").update(env[k]).digest("hex") : null]));
  return { buildId, secrets };
}

function buildIfStale(env) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "proxy.ts", "next.config.mjs", "package-lock.json", "postcss.config.mjs"]
    .map((p) => newestMtime(path.join(root, p)));
  // Tests need a build made with the test env (see buildEnvStamp); other modes only need fresh sources.
  const stampMatches = mode !== "test" ||
    (existsSync(BUILD_ENV_STAMP) && readFileSync(BUILD_ENV_STAMP, "utf8") === JSON.stringify(buildEnvStamp(env)));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources) && stampMatches) {
    step("build is up to date");
    return;
  }
  step("building the console (next build)");
  run(bin("next"), ["build"], { ...env, NODE_ENV: "production" });
  writeFileSync(BUILD_ENV_STAMP, JSON.stringify(buildEnvStamp(env)));
}

/** Runs console and workers together; Ctrl-C or either one exiting stops both. */
function runTogether(processes, env) {
  const children = processes.map(([name, cmd, args, extraEnv = {}]) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      step(`${name} exited (${signal ?? code})`);
      shutdown(code ?? 0);
    });
    return child;
  });
  let stopping = false;
  function shutdown(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    const deadline = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")), 60_000);
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on("exit", r))))).then(() => {
      clearTimeout(deadline);
      process.exit(code);
    });
  }
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));
}

function main() {
  ensureDependencies();
  const env = { ...process.env };
  if (mode === "test") applyTestEnv(env);
  else ensureSecret(env);
  if (mode === "start") env.NODE_ENV ??= "production";
  // `node scripts/bootstrap.mjs test --build-only`: just (re)build as `npm test` would, e.g. for one test file.
  if (buildOnly) return buildIfStale(env);
  prepare(env);
  if (prepareOnly) return;
  if (mode === "test") {
    buildIfStale(env);
    step("unit and integration tests (vitest)");
    run(bin("vitest"), ["run"], env);
    step("end-to-end tests (playwright, headless chromium)");
    run(bin("playwright"), ["test"], env);
    return;
  }
  const port = env.PORT ?? "3000";
  if (mode === "start") buildIfStale(env);
  step(`console on http://localhost:${port} and the workers process; Ctrl-C stops both`);
  // The malloc arena cap `npm run workers` starts the master with (workers/malloc-arenas.ts).
  const workersEnv = { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || "2" };
  runTogether(
    [
      // start: idle keep-alive connections stay open 65 s, not Node's 5 s — longer than a load balancer's
      // idle timeout (60 s is common) and than clients' pools keep them, so a client never sends a request
      // on a connection the server is closing that instant (ECONNRESET, seen in e2e/npm-start.spec.ts).
      ["console", bin("next"), mode === "dev" ? ["dev", "-p", port] : ["start", "-p", port, "--keepAliveTimeout", "65000"]],
      // Not through tsx's CLI: its signal relay SIGKILLs a child that takes over 30 ms to
      // acknowledge SIGTERM (easy under load), which would cut the graceful drain short.
      mode === "dev"
        ? ["workers", bin("tsx"), ["watch", "workers/main.ts"], workersEnv]
        : ["workers", process.execPath, ["--import", "tsx", "workers/main.ts"], workersEnv],
    ],
    env,
  );
}

main();
