// The seed's env() hooks (QUEUE_CONNECTION, REDIS_QUEUE, HORIZON_MEMORY_LIMIT) through
// loadConfigFromEnv(), the function config() caches: honoured when valid, and a bad
// value refused with a ConfigError naming the variable and what is allowed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { ConfigError } from "./config-error";
import { loadConfigFromEnv } from "./index";

const HOOKS = ["QUEUE_CONNECTION", "REDIS_QUEUE", "HORIZON_MEMORY_LIMIT", "SWITCHYARD_CONFIG_FILE"] as const;
const saved = { ...process.env };

function withEnv(vars: Partial<Record<(typeof HOOKS)[number], string>>): void {
  for (const name of HOOKS) delete process.env[name];
  Object.assign(process.env, vars);
  resetEnvCache();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function problemOf(vars: Parameters<typeof withEnv>[0]): string {
  withEnv(vars);
  try {
    loadConfigFromEnv();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(vars)}`);
}

const dir = mkdtempSync(path.join(tmpdir(), "switchyard-env-hooks-"));
function overrideFile(content: object): string {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(content));
  return p;
}

describe("seed env hooks", () => {
  it("unset: the seed's defaults (redis, queue default, 128 MB)", () => {
    withEnv({});
    const cfg = loadConfigFromEnv();
    expect(cfg.queue.default).toBe("redis");
    expect(cfg.queue.connections.redis).toMatchObject({ queue: "default" });
    expect(cfg.horizon.memoryLimit).toBe(128);
  });

  it("QUEUE_CONNECTION picks the default connection", () => {
    withEnv({ QUEUE_CONNECTION: "redis-long-running" });
    expect(loadConfigFromEnv().queue.default).toBe("redis-long-running");
  });

  it("HORIZON_MEMORY_LIMIT sets the master's memory limit", () => {
    withEnv({ HORIZON_MEMORY_LIMIT: "512" });
    expect(loadConfigFromEnv().horizon.memoryLimit).toBe(512);
  });

  it("REDIS_QUEUE sets the redis connection's queue, which a supervisor listing no queue consumes", () => {
    const file = overrideFile({ horizon: { environments: { local: { plain: { connection: "redis" } }, production: { plain: { connection: "redis" } } } } });
    withEnv({ REDIS_QUEUE: "high", SWITCHYARD_CONFIG_FILE: file });
    const cfg = loadConfigFromEnv();
    expect(cfg.queue.connections.redis).toMatchObject({ queue: "high", retryAfter: 90 });
    expect(cfg.supervisors.find((s) => s.name === "plain")?.queue).toEqual(["high"]);
    // Unset: the seed's `default`.
    withEnv({ SWITCHYARD_CONFIG_FILE: file });
    expect(loadConfigFromEnv().supervisors.find((s) => s.name === "plain")?.queue).toEqual(["default"]);
  });

  it("a config file section that sets the same key wins over the hook", () => {
    withEnv({ HORIZON_MEMORY_LIMIT: "512", SWITCHYARD_CONFIG_FILE: overrideFile({ horizon: { memoryLimit: 64 } }) });
    expect(loadConfigFromEnv().horizon.memoryLimit).toBe(64);
  });
});

describe("a bad hook stops the start, naming the variable", () => {
  it.each(["lots", "0", "-5", "1.5"])("HORIZON_MEMORY_LIMIT=%s", (value) => {
    expect(problemOf({ HORIZON_MEMORY_LIMIT: value })).toMatch(/^environment variable HORIZON_MEMORY_LIMIT: /);
  });

  it("QUEUE_CONNECTION that is not a connection, with the allowed ones", () => {
    expect(problemOf({ QUEUE_CONNECTION: "rabbit" })).toMatch(/^environment variable QUEUE_CONNECTION: .*"redis".*"redis-long-running".*"sync"/);
  });

  it("QUEUE_CONNECTION=database (a driver Switchyard does not run)", () => {
    expect(problemOf({ QUEUE_CONNECTION: "database" })).toMatch(/^environment variable QUEUE_CONNECTION: /);
  });

  it("REDIS_QUEUE that is not a queue of the runtime, with the allowed ones", () => {
    expect(problemOf({ REDIS_QUEUE: "long-running" })).toMatch(/^environment variable REDIS_QUEUE: .*"critical".*"imports"/);
  });
});
