// Issue 4 point 8 against the real workers process: a queue whose wait time
// (ready jobs × measured runtime ÷ processes) passes its `waits` threshold is
// mailed about to the admins through a local SMTP server — once per cooldown,
// although the monitor checks every second.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startLocalSmtp, type LocalSmtp } from "@/lib/jobs/testing/local-smtp";
import { closeQueues, dispatch, dispatchMany } from "@/lib/queue";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";
import { readRecords, testRecord } from "./testing/fixture-jobs";

let smtp: LocalSmtp;
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
  await smtp.close();
});

it("mails the admins once when a queue waits longer than its threshold", async () => {
  const w = startWorkers({
    override: supervisors(
      { lw: { queue: ["default"], balance: "simple", processes: 1 } },
      { longWait: { checkEverySeconds: 1, notifyCooldownSeconds: 600 } },
      { waits: { "redis:default": 2 } },
    ),
    env: { SMTP_URL: smtp.url, ADMIN_EMAIL: "ops@switchyard.test" },
  });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "worker process");
  // One job first, so the supervisor has measured a runtime (Horizon needs one too).
  const first = await dispatch(testRecord, { n: 0, sleepMs: 400 });
  await waitFor(async () => (await readRecords()).find((r) => r.jobId === first), 60_000, "first job");
  await dispatchMany(testRecord, Array.from({ length: 30 }, (_, n) => ({ n: n + 1, sleepMs: 400 })));

  const mails = await smtp.waitFor(1, 60_000);
  expect(mails[0].to).toEqual(["ops@switchyard.test"]);
  expect(mails[0].raw).toMatch(/Long queue wait detected: default/);
  expect(mails[0].raw).toMatch(/"default" queue on the "redis" connection has a wait time of \d+ seconds/);
  const logged = w.logs.filter((l) => /has a wait time of/.test(l.msg));
  expect(logged.length).toBe(1);
  // Several more checks see the long wait; the cooldown keeps it to one mail.
  await new Promise((r) => setTimeout(r, 4_000));
  expect(smtp.received).toHaveLength(1);
  expect(await w.stop()).toBe(0);
}, 180_000);
