import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";
import { withConfigOverride } from "./override";

const dir = mkdtempSync(path.join(tmpdir(), "switchyard-config-"));
function file(content: unknown): string {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

describe("config override file", () => {
  it("replaces the sections it names and keeps the rest of the defaults", () => {
    const p = file({
      horizon: {
        environments: { local: { prio: { connection: "redis", queue: ["high", "default"], balance: false, maxProcesses: 2 } } },
        workers: { tickMs: 100, longWait: { checkEverySeconds: 1 } },
      },
    });
    const cfg = loadConfig({ environment: "local", ...withConfigOverride(p) });
    expect(cfg.supervisors.map((s) => s.name)).toEqual(["prio"]);
    expect(cfg.supervisors[0]).toMatchObject({ queue: ["high", "default"], balance: false, maxProcesses: 2, memory: 128 });
    expect(cfg.horizon.workers).toMatchObject({ tickMs: 100, heartbeatTtlMs: 5000, longWait: { checkEverySeconds: 1, notifyCooldownSeconds: 300 } });
    expect(cfg.horizon.waits["redis:default"]).toBe(60);
    expect(cfg.queue.connections.redis).toMatchObject({ retryAfter: 90 });
  });

  it("defaults the workers tuning when no file is given", () => {
    const cfg = loadConfig({ environment: "production", ...withConfigOverride(undefined) });
    expect(cfg.horizon.workers).toEqual({
      tickMs: 1000, heartbeatTtlMs: 5000, timeoutGraceMs: 2000, idlePollMs: 250, metricsFlushMs: 1000,
      restartBackoff: { initialMs: 1000, maxMs: 60_000 },
      failureSweep: { everySeconds: 60, graceSeconds: 120 },
      longWait: { checkEverySeconds: 60, notifyCooldownSeconds: 300 },
    });
  });

  it("an invalid value stops loading with the field's path and the allowed values", () => {
    const p = file({ horizon: { environments: { local: { prio: { queue: ["high"], balance: "sideways" } } } } });
    expect(() => loadConfig({ environment: "local", ...withConfigOverride(p) })).toThrow(ConfigError);
    expect(() => loadConfig({ environment: "local", ...withConfigOverride(p) })).toThrow(/prio.*balance[\s\S]*auto/);
  });

  it("an unreadable or unknown-section file names the file", () => {
    expect(() => withConfigOverride(file("{nope"))).toThrow(/config override file .*json/);
    expect(() => withConfigOverride(file({ horizn: {} }))).toThrow(/horizn/);
  });
});
