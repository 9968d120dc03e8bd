// Issue 3 point 7: retryFailed with the seed's skips, dry runs, idempotency, who
// retried, lifetime attempts — and the CLIs (queue:retry-failed, queue:forget, queue:flush).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "../db/client";
import {
  closeQueues, configureFailureAlerts, createQueueWorker, defineJob, dispatch, findFailedJobs, getQueue, recordFailure,
  retryFailed, type QueueWorker,
} from "./index";
import { uniqueName, waitFor, waitForFinal } from "./test-support";

const run = promisify(execFile);
const QUEUE = "billing";
let worker: QueueWorker;
let healthy = false;
const ran: number[] = [];

const flaky = defineJob({
  name: uniqueName("ProcessCompanyBilling"),
  queue: QUEUE,
  payload: z.object({ company_id: z.number() }),
  tries: 1,
  handle(ctx) {
    ran.push(ctx.payload.company_id);
    if (!healthy) throw new Error("payment provider timeout");
    return "billed";
  },
});
const invalid = defineJob({
  name: uniqueName("ValidatesInput"),
  queue: QUEUE,
  payload: z.object({ email: z.string() }),
  tries: 3,
  handle: (ctx) => z.email().parse(ctx.payload.email),
  shouldRetry: (error) => error.name !== "ZodError",
});

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  worker = createQueueWorker(QUEUE, { concurrency: 5 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

async function failedRow(jobName: string, count = 1) {
  return waitFor(async () => {
    const rows = await findFailedJobs({ jobName });
    return rows.length >= count ? rows : undefined;
  });
}

describe("retryFailed", () => {
  it("dry run reports without changing anything; a real run re-enqueues the original payload, records who, skips the seed's cases", async () => {
    healthy = false;
    await Promise.all([1, 2, 3].map((company_id) => dispatch(flaky, { company_id })));
    await dispatch(invalid, { email: "not-an-email" });
    const tooMany = await recordFailure({ connection: "redis", queue: QUEUE, jobId: "legacy-1", jobName: flaky.name, payload: { company_id: 99 }, error: new Error("old"), attempts: 10, failReason: "max_tries" });
    await failedRow(flaky.name, 4);
    const [validationRow] = await failedRow(invalid.name);
    expect(validationRow.exceptionClass).toBe("ZodError");

    const dry = await retryFailed({ queue: QUEUE, limit: 50, dryRun: true });
    expect(dry.retried).toHaveLength(3);
    expect(dry.retried.every((r) => r.jobId === null)).toBe(true);
    expect(dry.skipped).toEqual(expect.arrayContaining([{ uuid: validationRow.uuid, reason: "permanent_failure" }, { uuid: tooMany.uuid, reason: "too_many_attempts" }]));
    expect((await findFailedJobs({ queue: QUEUE, includeRetried: false })).length).toBe(5);
    const waitingBefore = await getQueue(QUEUE).getWaitingCount();

    healthy = true;
    ran.length = 0;
    const done = await retryFailed({ queue: QUEUE, limit: 50, retriedBy: "ops@askproai.test" });
    expect(waitingBefore).toBe(0);
    expect(done.retried).toHaveLength(3);
    expect(done.skipped.map((s) => s.reason).sort()).toEqual(["permanent_failure", "too_many_attempts"]);
    for (const r of done.retried) {
      expect(r.jobId).toBe(`retry-${r.uuid}`);
      const job = await waitForFinal(getQueue(QUEUE), r.jobId!);
      expect(job.returnvalue).toBe("billed");
      expect(job.data.meta).toMatchObject({ retryOf: r.uuid, previousAttempts: 1 });
    }
    expect(ran.sort()).toEqual([1, 2, 3]);
    const rows = await prisma().failedJob.findMany({ where: { uuid: { in: done.retried.map((r) => r.uuid) } } });
    expect(rows.every((r) => r.retriedBy === "ops@askproai.test" && r.retriedAt && r.retriedJobId === `retry-${r.uuid}`)).toBe(true);

    // Retried rows drop out of later filter runs, as the seed's deleted rows do.
    const again = await retryFailed({ queue: QUEUE, limit: 50 });
    expect(again.retried).toHaveLength(0);
  });

  it("a double click enqueues once: two concurrent retries of one uuid → one retried, one already_retried", async () => {
    healthy = false;
    const id = await dispatch(flaky, { company_id: 42 });
    await waitForFinal(getQueue(QUEUE), id);
    const [row] = (await failedRow(flaky.name)).filter((r) => r.jobId === id);
    healthy = true;
    const [a, b] = await Promise.all([retryFailed({ uuid: row.uuid, retriedBy: "alice" }), retryFailed({ uuid: row.uuid, retriedBy: "bob" })]);
    const results = [...a.retried, ...b.retried];
    expect(results).toHaveLength(1);
    expect([...a.skipped, ...b.skipped]).toEqual([{ uuid: row.uuid, reason: "already_retried" }]);
    await waitForFinal(getQueue(QUEUE), `retry-${row.uuid}`);
    const jobs = await getQueue(QUEUE).getJobs(["completed", "waiting", "active", "delayed", "failed"]);
    expect(jobs.filter((j) => j.data?.meta?.retryOf === row.uuid)).toHaveLength(1);
  });

  it("a retried job that fails again is archived with its lifetime attempts", async () => {
    healthy = false;
    const id = await dispatch(flaky, { company_id: 77 });
    await waitForFinal(getQueue(QUEUE), id);
    const first = (await failedRow(flaky.name)).find((r) => r.jobId === id)!;
    const { retried } = await retryFailed({ uuid: first.uuid });
    await waitForFinal(getQueue(QUEUE), retried[0].jobId!);
    const second = await waitFor(async () => (await findFailedJobs({ jobName: flaky.name })).find((r) => r.jobId === retried[0].jobId));
    expect(second.attempts).toBe(2);
    expect(second.payload).toEqual({ company_id: 77 });
  });
});

describe("retryFailed filters, against the archive (dry runs)", () => {
  it("jobName, exceptionClass and since each select their rows; combined they intersect; limit takes the newest", async () => {
    const queue = uniqueName("filters");
    const [jobA, jobB] = [uniqueName("SyncCalendar"), uniqueName("ImportContacts")];
    const errorOf = (name: string) => Object.assign(new Error(`${name} happened`), { name });
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo);
    const rec = (jobName: string, error: Error, failedAt: Date) =>
      recordFailure({ connection: "redis", queue, jobId: uniqueName("f"), jobName, payload: { company_id: 1 }, error, attempts: 1, failReason: "max_tries", failedAt });
    const rateLimit = uniqueName("ProviderRateLimited"); // an exception class no other test archives
    const a1 = await rec(jobA, new TypeError("x"), at(10 * 60_000)); // 10 min ago
    const a2 = await rec(jobA, errorOf(rateLimit), at(3 * 3_600_000)); // 3 h ago
    const b1 = await rec(jobB, new TypeError("y"), at(2 * 86_400_000)); // 2 days ago
    const b2 = await rec(jobB, errorOf("ZodError"), at(5 * 60_000)); // 5 min ago, permanent
    const b3 = await rec(jobB, errorOf(rateLimit), at(30 * 86_400_000)); // 30 days ago
    const select = async (filter: Parameters<typeof retryFailed>[0]) => {
      const r = await retryFailed({ limit: 50, ...filter, dryRun: true });
      return { retried: r.retried.map((x) => x.uuid).sort(), skipped: r.skipped.map((x) => `${x.uuid}:${x.reason}`).sort() };
    };
    const sorted = (...rows: { uuid: string }[]) => rows.map((r) => r.uuid).sort();

    // Each filter alone (job names and the exception class are unique to this test, so no queue is needed).
    expect(await select({ jobName: jobA })).toEqual({ retried: sorted(a1, a2), skipped: [] });
    expect(await select({ jobName: jobB })).toEqual({ retried: sorted(b1, b3), skipped: [`${b2.uuid}:permanent_failure`] });
    expect(await select({ exceptionClass: rateLimit })).toEqual({ retried: sorted(a2, b3), skipped: [] });
    expect(await select({ queue, since: at(3_600_000) })).toEqual({ retried: sorted(a1), skipped: [`${b2.uuid}:permanent_failure`] });
    expect(await select({ queue, since: at(7 * 86_400_000) })).toEqual({ retried: sorted(a1, a2, b1), skipped: [`${b2.uuid}:permanent_failure`] });
    // Combined: every condition holds.
    expect(await select({ queue, exceptionClass: "TypeError" })).toEqual({ retried: sorted(a1, b1), skipped: [] });
    expect(await select({ jobName: jobB, exceptionClass: "TypeError", since: at(7 * 86_400_000) })).toEqual({ retried: sorted(b1), skipped: [] });
    expect(await select({ jobName: jobA, exceptionClass: rateLimit, since: at(3_600_000) })).toEqual({ retried: [], skipped: [] });
    // limit: the newest rows first (b2 5 min, a1 10 min).
    expect(await select({ queue, limit: 2 })).toEqual({ retried: sorted(a1), skipped: [`${b2.uuid}:permanent_failure`] });
    // Dry runs changed nothing.
    expect((await findFailedJobs({ queue, includeRetried: false })).length).toBe(5);
  });
});

describe("CLIs", () => {
  const cli = (script: string, args: string[]) =>
    run(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: "error" } }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
    );

  it("queue:retry-failed --dry-run --json, queue:forget, queue:flush, and usage errors", async () => {
    const row = await recordFailure({ connection: "redis", queue: "imports", jobId: "cli-1", jobName: flaky.name, payload: { company_id: 5 }, error: new Error("x"), attempts: 1, failReason: "max_tries" });
    const dry = await cli("queue-retry-failed", ["--queue=imports", "--dry-run", "--json"]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toEqual({ retried: [{ uuid: row.uuid, jobId: null, queue: "imports", jobName: flaky.name }], skipped: [] });

    // Human output (no --json): one line per row and a summary; no progress bar when stderr is not a terminal.
    const queue = uniqueName("reports");
    const ok = await recordFailure({ connection: "redis", queue, jobId: "cli-h1", jobName: flaky.name, payload: { company_id: 6 }, error: new Error("x"), attempts: 1, failReason: "max_tries" });
    const perm = await recordFailure({ connection: "redis", queue, jobId: "cli-h2", jobName: flaky.name, payload: { company_id: 7 }, error: Object.assign(new Error("bad"), { name: "ZodError" }), attempts: 1, failReason: "permanent" });
    const human = await cli("queue-retry-failed", [`--queue=${queue}`, "--dry-run"]);
    expect(human.code).toBe(0);
    expect(human.out.trim().split("\n")).toEqual([
      `Would retry ${ok.uuid} ${flaky.name} on ${queue}`,
      `Skipped ${perm.uuid}: permanent_failure`,
      "Would retry 1, skipped 1 (dry run: nothing changed).",
    ]);
    expect(human.err).not.toContain("retrying [");
    const real = await cli("queue-retry-failed", [`--queue=${queue}`, "--by=ops@askproai.test"]);
    expect(real.code).toBe(0);
    expect(real.out.trim().split("\n")).toEqual([
      `Retried ${ok.uuid} ${flaky.name} on ${queue} as job retry-${ok.uuid}`,
      `Skipped ${perm.uuid}: permanent_failure`,
      "Retried 1, skipped 1.",
    ]);
    expect((await findFailedJobs({ uuid: ok.uuid }))[0]).toMatchObject({ retriedBy: "ops@askproai.test", retriedJobId: `retry-${ok.uuid}` });

    const bad = await cli("queue-retry-failed", ["--limit=zero"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("usage: npm run queue:retry-failed");

    expect((await cli("queue-forget", [row.uuid])).code).toBe(0);
    expect(await findFailedJobs({ uuid: row.uuid })).toHaveLength(0);

    await recordFailure({ connection: "redis", queue: "imports", jobId: "cli-2", jobName: flaky.name, payload: {}, error: new Error("x"), attempts: 1, failReason: "max_tries" });
    const flush = await cli("queue-flush", ["--queue=imports"]);
    expect(flush.out.trim()).toBe("Deleted 1 failed job.");
    expect(await findFailedJobs({ queue: "imports" })).toHaveLength(0);
  });
});
