import { describe, expect, it } from "vitest";
import { composeDigest, type FailureSummary } from "./failure-digest";

const example = (n: number, jobName = "ProcessRetellWebhook"): FailureSummary => ({
  queue: "webhooks", jobName, jobId: String(n), exceptionClass: "TypeError", message: `boom ${n}\n  at line`, attempts: 5, failedAt: Date.UTC(2026, 0, 1, 12, 0, n),
});

describe("composeDigest", () => {
  it("one failure: names the job in the subject", () => {
    const d = composeDigest({ total: 1, groups: { "webhooks|ProcessRetellWebhook|TypeError": 1 }, examples: [example(1)], environment: "production" });
    expect(d.subject).toBe("[Switchyard production] Job failed: ProcessRetellWebhook on webhooks");
    expect(d.text).toContain("1 job failed for good");
    expect(d.text).toContain("ProcessRetellWebhook#1 (webhooks, 5 attempts) TypeError: boom 1 at line");
  });

  it("a storm: counts stay exact beyond the examples, groups sorted by count, examples capped", () => {
    const d = composeDigest({
      total: 10_000,
      groups: { "webhooks|ProcessRetellWebhook|TypeError": 9_000, "emails|SendAppointmentConfirmation|SmtpError": 1_000 },
      examples: Array.from({ length: 200 }, (_, i) => example(i)),
      environment: "production",
      consoleUrl: "https://switchyard.example/failed",
    });
    expect(d.subject).toBe("[Switchyard production] 10000 jobs failed (most: ProcessRetellWebhook, TypeError)");
    const lines = d.text.split("\n");
    expect(lines.findIndex((l) => l.includes("9000 × ProcessRetellWebhook"))).toBeLessThan(lines.findIndex((l) => l.includes("1000 × SendAppointmentConfirmation")));
    expect(lines.filter((l) => l.startsWith("  - "))).toHaveLength(5);
    expect(d.text).toContain("Failed jobs: https://switchyard.example/failed");
    expect(d.slackText.startsWith("*[Switchyard production] 10000 jobs failed")).toBe(true);
  });

  it("caps the kinds listed", () => {
    const groups = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`q|Job${i}|E`, i + 1]));
    const d = composeDigest({ total: 120, groups, examples: [], environment: "local" });
    expect(d.text).toContain("… and 5 more kinds");
  });
});
