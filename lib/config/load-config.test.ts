import { describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "./index";
import { horizonConfig } from "./horizon";
import { queueConfig } from "./queue";

const byName = (env: "production" | "local") =>
  Object.fromEntries(loadConfig({ environment: env }).supervisors.map((s) => [s.name, s]));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("seed values", () => {
  it("keeps config/queue.php's connections and numbers", () => {
    const { queue } = loadConfig({ environment: "production" });
    expect(queue.default).toBe("redis");
    expect(queue.connections.redis).toEqual({ driver: "redis", connection: "queue", queue: "default", retryAfter: 90, blockFor: 5, afterCommit: false });
    expect(queue.connections["redis-long-running"]).toMatchObject({ queue: "long-running", retryAfter: 3600, blockFor: 5 });
    expect(queue.connections.sync).toEqual({ driver: "sync" });
    expect(queue.connections.database).toEqual({ driver: "database", table: "jobs", queue: "default", retryAfter: 90 });
    expect(queue.failed).toEqual({ driver: "database-uuids", database: "postgresql", table: "failed_jobs", retentionDays: 30 });
  });

  it("keeps config/horizon.php's windows and limits", () => {
    const { horizon } = loadConfig({ environment: "production" });
    expect(horizon.waits).toEqual({ "redis:default": 60, "redis:high": 60, "redis:low": 60 });
    expect(horizon.trim).toEqual({ recent: 60, pending: 60, completed: 60, recent_failed: 1440, failed: 10080, monitored: 10080 });
    expect(horizon.metrics.trim_snapshots).toEqual({ job: 24, queue: 24 });
    expect(horizon.fastTermination).toBe(false);
    expect(horizon.memoryLimit).toBe(128);
  });

  it("runs the seed's production supervisors with the seed's numbers", () => {
    const s = byName("production");
    expect(s["supervisor-1"]).toMatchObject({
      connection: "redis", queue: ["high", "default"], balance: "auto", autoScalingStrategy: "time",
      maxProcesses: 10, minProcesses: 1, balanceMaxShift: 1, balanceCooldown: 3, memory: 128, tries: 3, timeout: 60, nice: 0,
    });
    expect(s.webhooks).toMatchObject({ queue: ["webhooks"], balance: "simple", maxProcesses: 5, memory: 128, tries: 3, timeout: 30 });
    expect(s.notifications).toMatchObject({ queue: ["emails", "sms"], balance: "simple", maxProcesses: 3, tries: 3, timeout: 60 });
    expect(s["long-running"]).toMatchObject({ connection: "redis-long-running", queue: ["reports", "imports"], maxProcesses: 2, memory: 256, tries: 1, timeout: 3600 });
  });

  it("merges the local environment's overrides over the defaults, as Horizon does", () => {
    const s = byName("local");
    expect(s["supervisor-1"]).toMatchObject({ queue: ["high", "default"], balance: "auto", maxProcesses: 3, balanceMaxShift: 1, balanceCooldown: 3, tries: 3 });
  });

  it("consumes every queue the seed dispatches to", () => {
    for (const env of ["production", "local"] as const) {
      const consumed = new Set(loadConfig({ environment: env }).supervisors.flatMap((s) => s.queue));
      for (const q of ["critical", "high", "default", "low", "webhooks", "emails", "sms", "billing", "bookings", "reports", "imports"]) {
        expect(consumed.has(q as never), `${env} consumes ${q}`).toBe(true);
      }
    }
  });

  it("warns that long-running's timeout equals its retryAfter", () => {
    const { warnings } = loadConfig({ environment: "production" });
    expect(warnings.some((w) => w.includes("long-running") && w.includes("3600"))).toBe(true);
  });
});

describe("invalid config refuses to load and names the field", () => {
  const horizonWith = (patch: (h: typeof horizonConfig) => void) => {
    const h = structuredClone(horizonConfig);
    patch(h);
    return h;
  };

  it("names a bad balance and the allowed values", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: horizonWith((h) => { (h.defaults.webhooks as Record<string, unknown>).balance = "fair"; }) }),
    );
    expect(problems.join("\n")).toMatch(/defaults\.webhooks\.balance: expected "auto", "simple" or false/);
  });

  it("names a negative maxProcesses", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: horizonWith((h) => { h.defaults["supervisor-1"].maxProcesses = -2; }) }),
    );
    expect(problems.join("\n")).toMatch(/defaults\.supervisor-1\.maxProcesses/);
  });

  it("names an unknown queue with the allowed queue names", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: horizonWith((h) => { h.defaults.webhooks.queue = ["hooks" as never]; }) }),
    );
    expect(problems.join("\n")).toMatch(/webhooks\.queue\.0/);
    expect(problems.join("\n")).toMatch(/critical/);
  });

  it("names a supervisor pointing at a missing connection", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: horizonWith((h) => { h.defaults.webhooks.connection = "rabbit"; }) }),
    );
    expect(problems.join("\n")).toMatch(/supervisor "webhooks"\.connection: "rabbit" is not a connection/);
  });

  it("refuses minProcesses above maxProcesses", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: horizonWith((h) => { h.defaults["supervisor-1"].minProcesses = 20; }) }),
    );
    expect(problems.join("\n")).toMatch(/minProcesses: 20 exceeds maxProcesses 10/);
  });

  it("refuses a heartbeat that expires before its next renewal, and an inverted restart backoff", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", horizon: { ...horizonConfig, workers: { tickMs: 5_000, heartbeatTtlMs: 500, restartBackoff: { initialMs: 120_000, maxMs: 1_000 } } } }),
    );
    expect(problems.join("\n")).toMatch(/workers\.heartbeatTtlMs: must be longer than tickMs/);
    expect(problems.join("\n")).toMatch(/workers\.restartBackoff\.initialMs: must not exceed restartBackoff\.maxMs/);
  });

  it("refuses a long-wait threshold for a misspelt queue (its alert would never fire)", () => {
    const problems = problemsOf(() => loadConfig({ environment: "production", horizon: { ...horizonConfig, waits: { "redis:defualt": 60 } } }));
    expect(problems.join("\n")).toMatch(/waits\.redis:defualt: unknown queue "defualt"/);
  });

  it("warns that `processes` means nothing to an auto-balanced supervisor", () => {
    const { warnings } = loadConfig({ environment: "production", horizon: horizonWith((h) => { (h.defaults["supervisor-1"] as Record<string, unknown>).processes = 4; }) });
    expect(warnings.join("\n")).toMatch(/supervisor "supervisor-1"\.processes: ignored with balance "auto"/);
  });

  it("refuses an unknown key instead of ignoring a typo", () => {
    const problems = problemsOf(() =>
      loadConfig({ environment: "production", queue: { ...queueConfig, connections: { ...queueConfig.connections, redis: { ...(queueConfig.connections.redis as object), retry_after: 5 } as never } } }),
    );
    expect(problems.join("\n")).toMatch(/connections\.redis/);
  });
  it("refuses the seed's dashboard keys instead of ignoring them (the console is its own app: README, Configuration)", () => {
    for (const [k, v] of [["path", "horizon"], ["domain", "queues.example.com"], ["middleware", ["web", "auth", "admin"]]] as const) {
      const problems = problemsOf(() => loadConfig({ environment: "production", horizon: { ...horizonConfig, [k]: v } as never }));
      expect(problems.join("\n")).toMatch(new RegExp(`horizon config.*"${k}"`));
    }
  });
});
