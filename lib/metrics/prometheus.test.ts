import { describe, expect, it } from "vitest";
import { promBucket } from "./buckets";
import { totalsField } from "./keys";
import { histogramText, renderExposition } from "./prometheus";
import { parsePrometheusText, sampleValue } from "./prometheus-parse";

const zero = { waiting: 0, prioritized: 0, delayed: 0, active: 0, completed: 0, failed: 0, "waiting-children": 0 };

describe("buildRegistry", () => {
  it("exposes queue states, workers, counters and cumulative histograms by queue and job", async () => {
    const t = (m: string) => totalsField("emails", "SendEmail", m);
    const totals = {
      [t("c")]: "9", [t("f")]: "1", [t("t")]: "2",
      [t("rs")]: "1200", [t("rn")]: "12", [t(`r${promBucket(40)}`)]: "10", [t(`r${promBucket(300)}`)]: "2",
      [t("ws")]: "500", [t("wn")]: "10", [t(`w${promBucket(50)}`)]: "10",
    };
    const text = await renderExposition({
      counts: { emails: { ...zero, waiting: 4, failed: 1 }, sms: zero },
      workers: { emails: 3 },
      totals,
      batches: { pending: 2, finished: 5 },
    });
    const p = parsePrometheusText(text);
    expect(p.types).toMatchObject({
      switchyard_queue_jobs: "gauge", switchyard_jobs_processed_total: "counter", switchyard_job_runtime_seconds: "histogram",
    });
    expect(sampleValue(p, "switchyard_queue_jobs", { queue: "emails", state: "waiting" })).toBe(4);
    expect(sampleValue(p, "switchyard_queue_jobs", { queue: "sms", state: "failed" })).toBe(0);
    expect(sampleValue(p, "switchyard_queue_workers", { queue: "emails" })).toBe(3);
    expect(sampleValue(p, "switchyard_queue_workers", { queue: "sms" })).toBe(0);
    expect(sampleValue(p, "switchyard_jobs_processed_total", { queue: "emails", job: "SendEmail" })).toBe(10);
    expect(sampleValue(p, "switchyard_jobs_failed_total", { queue: "emails", job: "SendEmail" })).toBe(1);
    expect(sampleValue(p, "switchyard_job_attempts_retried_total", { queue: "emails", job: "SendEmail" })).toBe(2);
    const runtime = { queue: "emails", job: "SendEmail" };
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...runtime, le: "0.025" })).toBe(0);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...runtime, le: "0.05" })).toBe(10);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...runtime, le: "0.25" })).toBe(10);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...runtime, le: "0.5" })).toBe(12);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_bucket", { ...runtime, le: "+Inf" })).toBe(12);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_sum", runtime)).toBeCloseTo(1.2);
    expect(sampleValue(p, "switchyard_job_runtime_seconds_count", runtime)).toBe(12);
    expect(sampleValue(p, "switchyard_job_wait_seconds_count", runtime)).toBe(10);
    expect(sampleValue(p, "switchyard_job_wait_seconds_sum", runtime)).toBeCloseTo(0.5);
    expect(sampleValue(p, "switchyard_batches", { state: "finished" })).toBe(5);
  });

  it("leaves batches out when the batch store did not answer", async () => {
    const p = parsePrometheusText(await renderExposition({ counts: {}, workers: {}, totals: {} }));
    expect(p.types.switchyard_batches).toBeUndefined();
    expect(p.types.switchyard_job_runtime_seconds).toBe("histogram");
  });

  it("escapes label values in the histogram lines it writes itself", () => {
    const text = histogramText("h", "help", [{ queue: 'q"1', job: "a\\b\nc", buckets: new Array(19).fill(1), sumMs: 1500 }]);
    const p = parsePrometheusText(text);
    expect(sampleValue(p, "h_count", { queue: 'q"1', job: "a\\b\nc" })).toBe(19);
    expect(sampleValue(p, "h_bucket", { queue: 'q"1', le: "+Inf" })).toBe(19);
    expect(sampleValue(p, "h_bucket", { queue: 'q"1', le: "0.005" })).toBe(1);
    expect(sampleValue(p, "h_sum", { queue: 'q"1' })).toBe(1.5);
  });
});

describe("parsePrometheusText", () => {
  it("reads escaped label values, +Inf and timestamps", () => {
    const p = parsePrometheusText('# TYPE x gauge\nx{a="q\\"uote",b="back\\\\slash",c="new\\nline"} +Inf 1700000000000\ny 3\n');
    expect(p.samples).toEqual([
      { name: "x", labels: { a: 'q"uote', b: "back\\slash", c: "new\nline" }, value: Infinity },
      { name: "y", labels: {}, value: 3 },
    ]);
  });

  it("refuses a line that is not a sample", () => {
    expect(() => parsePrometheusText("not a metric line at all")).toThrow(/not a sample line/);
  });
});
