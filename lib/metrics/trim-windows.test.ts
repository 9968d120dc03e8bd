import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { trimCutoffs } from "./trim-windows";

describe("trimCutoffs", () => {
  it("uses the seed's windows exactly", () => {
    const cfg = loadConfig({ environment: "production" });
    const now = Date.UTC(2025, 0, 10, 12, 0, 0);
    const MIN = 60_000;
    expect(trimCutoffs(now, cfg.horizon.trim, cfg.queue.failed.retentionDays)).toEqual({
      completed: now - 60 * MIN,
      recent: now - 60 * MIN,
      recentFailed: now - 1440 * MIN,
      failed: now - 10080 * MIN,
      monitored: now - 10080 * MIN,
      archive: now - 30 * 1440 * MIN,
    });
  });
});
