// Failure digests that nobody would have sent: the process holding the alert window left (scale-down,
// restart, crash), or every transport refused the digest. Real Redis, a real in-process SMTP server.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startLocalSmtp, type LocalSmtp } from "../jobs/testing/local-smtp";
import { createMailTransport } from "../mail/transport";
import { key } from "../redis/connection";
import { configureFailureAlerts, FailureAlerts, type FailureAlertOptions } from "./failure-alerts";
import { startFailureSweeper } from "./failure-sweeper";
import type { FailureSummary } from "./failure-digest";
import { closeQueues, runtimeRedis } from "./queues";
import { sleep, waitFor } from "./test-support";

let smtp: LocalSmtp;
let smtpUrl: string;
const open: FailureAlerts[] = [];
/** The subject of every mail the SMTP server has received, in order. */
const subjects = () => smtp.received.map((m) => /^Subject: (.*)$/m.exec(m.raw.replace(/\r\n[ \t]+/g, " "))?.[1] ?? "");

beforeAll(async () => {
  smtp = await startLocalSmtp();
  smtpUrl = smtp.url;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  smtp.received.length = 0;
  const pattern = key("failure-alerts", "*");
  const keys = await runtimeRedis().keys(pattern);
  if (keys.length) await runtimeRedis().del(...keys);
});

afterAll(async () => {
  await closeQueues();
  await smtp.close();
});

/** A process's notifier: mail only, to the test's SMTP server unless told otherwise. */
function notifier(options: FailureAlertOptions = {}): FailureAlerts {
  const alerts = new FailureAlerts({ windowMs: 60_000, gatherMs: 100, mailTo: "admin@switchyard.test", transport: createMailTransport(smtpUrl), ...options });
  open.push(alerts);
  return alerts;
}

const failure = (jobId: string): FailureSummary => ({
  queue: "emails", jobName: "SendAppointmentConfirmation", jobId, exceptionClass: "TypeError", message: `refused ${jobId}`, attempts: 3, failedAt: Date.now(),
});

it("the window holder exits before sending: its failures are sent by another process's next sweep", async () => {
  const leaving = notifier({ gatherMs: 60_000 }); // would send in a minute; it exits first
  await leaving.notify(failure("1"));
  await leaving.close();

  const staying = notifier();
  expect(await staying.adoptOrphans()).toBe(true);
  await waitFor(() => subjects().length === 1, 10_000);
  expect(subjects()[0]).toContain("Job failed");
  expect(await staying.adoptOrphans()).toBe(false); // nothing left
});

it("the window holder died (its window expired unsent): the next sweep sends its failures", async () => {
  const dead = notifier({ gatherMs: 60_000 }); // its timer stands for a process that is gone
  await dead.notify(failure("2"));
  await dead.notify(failure("3"));
  await runtimeRedis().pexpire(key("failure-alerts", "window"), 1); // what 2 × window later looks like
  await sleep(20);

  expect(await notifier().adoptOrphans()).toBe(true);
  await waitFor(() => subjects().length === 1, 10_000);
  expect(subjects()[0]).toMatch(/2 jobs failed/);
});

it("the worker processes' failure sweep is what adopts them (its first pass, at start)", async () => {
  const leaving = notifier({ gatherMs: 60_000 });
  await leaving.notify(failure("7"));
  await leaving.close();
  const own = configureFailureAlerts({ windowMs: 60_000, gatherMs: 100, mailTo: "admin@switchyard.test", transport: createMailTransport(smtpUrl) });
  open.push(own);
  const sweeper = startFailureSweeper(() => [], undefined, { intervalMs: 60_000 });
  try {
    await waitFor(() => subjects().length === 1, 10_000);
    expect(subjects()[0]).toContain("Job failed");
  } finally {
    await sweeper.stop();
  }
});

it("a sweep leaves failures alone while their window holder is alive, and adopts nothing when nothing waits", async () => {
  const holder = notifier({ gatherMs: 60_000 });
  const other = notifier();
  expect(await other.adoptOrphans()).toBe(false);
  await holder.notify(failure("4"));
  expect(await other.adoptOrphans()).toBe(false);
  await sleep(300);
  expect(subjects()).toEqual([]);
});

it("a digest no transport took is queued again and goes out with the next one", async () => {
  const refused = notifier({ transport: createMailTransport("smtp://127.0.0.1:1") }); // nothing listens on port 1
  await refused.notify(failure("5"));
  expect(await refused.flush()).not.toBeNull();
  expect(subjects()).toEqual([]);

  const working = notifier();
  await working.notify(failure("6"));
  await working.flush();
  expect(subjects()).toHaveLength(1);
  expect(subjects()[0]).toMatch(/2 jobs failed/);
});
