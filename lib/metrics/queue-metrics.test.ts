import { describe, expect, it } from "vitest";
import { aggregateMinutes } from "./aggregate";
import { buildReport, formatMetricsTable, renderTable } from "./queue-metrics";
import { closedMinutes } from "./snapshots";

describe("buildReport", () => {
  it("averages over the window and weights the wait by samples", () => {
    const stats = aggregateMinutes([{
      "q|emails|n": "20", "q|emails|f": "5", "q|emails|ws": "2000", "q|emails|wn": "20",
      "q|sms|n": "10", "q|sms|ws": "4000", "q|sms|wn": "10",
    }]).queues;
    const report = buildReport(5, stats, { emails: 3, sms: 0, low: 0 });
    expect(report.job_throughput).toBe(6);
    expect(report.failure_rate).toBeCloseTo(5 / 30);
    expect(report.average_wait_time_ms).toBe(200);
    expect(report.queue_sizes).toEqual({ emails: 3, sms: 0, low: 0 });
    expect(report.queues.emails).toMatchObject({ throughput_per_minute: 4, jobs: 20, failed: 5, failure_rate: 0.25, average_wait_ms: 100, size: 3 });
    expect(report.queues.low).toMatchObject({ jobs: 0, failure_rate: 0 });
  });

  it("prints the seed's Metric/Value table", () => {
    const table = formatMetricsTable(buildReport(1, new Map(), { default: 2 }));
    const rows = table.split("\n").filter((l) => l.startsWith("|")).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    expect(rows).toEqual([
      ["Metric", "Value"],
      ["job_throughput", "0 jobs/minute"],
      ["average_wait_time", "0 ms"],
      ["failure_rate", "0.00%"],
      ["queue_sizes", "default: 2"],
    ]);
    expect(renderTable(["a"], [["bb"]]).split("\n")[0]).toBe("+----+");
  });
});

describe("closedMinutes", () => {
  it("lists the minutes ended at least the grace ago, oldest first", () => {
    const t = Date.UTC(2025, 0, 1, 10, 5, 4, 999); // 10:04 is not closed until 10:05:05 (5 s grace)
    expect(closedMinutes(t, 2)).toEqual([Date.UTC(2025, 0, 1, 10, 2), Date.UTC(2025, 0, 1, 10, 3)]);
    expect(closedMinutes(t + 1, 1)).toEqual([Date.UTC(2025, 0, 1, 10, 4)]);
  });
});
