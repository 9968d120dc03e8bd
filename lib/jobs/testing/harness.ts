// Helpers for the domain's integration tests: unique rows (other suites share the
// database), posting signed deliveries to the route handler, waiting for jobs.
import { randomBytes, randomInt } from "node:crypto";
import type { Job } from "bullmq";
import type { PrismaClient } from "../../db/client";
import { getQueue } from "../../queue";
import { signedDelivery } from "../../retell/fixtures";

export function uniquePhone(prefix = "+4915"): string {
  return `${prefix}${randomInt(10_000_000, 99_999_999)}${randomInt(10, 99)}`;
}

export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

export async function createCompany(db: PrismaClient, overrides: { active?: boolean; name?: string } = {}) {
  const suffix = uniqueSuffix();
  return db.company.create({
    data: {
      name: overrides.name ?? `Salon ${suffix}`,
      retellAgentId: `agent_${suffix}`,
      phoneNumber: uniquePhone("+4930"),
      email: `owner-${suffix}@salon.test`,
      active: overrides.active ?? true,
    },
  });
}

export type PostHandler = (request: Request) => Promise<Response>;

/** Posts `payload` (object or raw text) to the route handler as Retell would, signed with `apiKey`. */
export function postSigned(post: PostHandler, payload: unknown, apiKey: string, opts: { timestamp?: number; headers?: Record<string, string> } = {}): Promise<Response> {
  const { body, headers } = signedDelivery(payload, apiKey, opts.timestamp);
  return post(new Request("http://127.0.0.1/api/retell/webhook", { method: "POST", body, headers: { ...headers, ...opts.headers } }));
}

/** Waits until the job has finished (completed or failed for good) and returns it. */
export async function waitForJob(queue: string, jobId: string, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getQueue(queue).getJob(jobId);
    if (job) {
      const state = await job.getState();
      if (state === "completed" || state === "failed") return (await getQueue(queue).getJob(jobId))!;
    }
    if (Date.now() > deadline) throw new Error(`job ${queue}/${jobId} did not finish within ${timeoutMs} ms (state ${job ? await job.getState() : "missing"})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Total jobs in a queue in any state (to prove "nothing enqueued"). */
export async function jobCount(queue: string): Promise<number> {
  const counts = await getQueue(queue).getJobCounts("wait", "active", "delayed", "completed", "failed", "prioritized", "waiting-children");
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
