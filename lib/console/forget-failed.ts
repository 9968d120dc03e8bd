// Forgetting one archived failure from the console: the delete and its audit row
// commit together (both PostgreSQL), so neither is ever there without the other.
import { recordAudit } from "../audit/record-audit";
import type { ConsoleUser } from "../auth/users";
import { prisma } from "../db/client";
import { FailedJobNotFound } from "../db/queries/failed-job-detail";
import { forgetFailedJob } from "../queue/failed-jobs";

export async function forgetAudited(user: ConsoleUser, uuid: string): Promise<void> {
  await prisma().$transaction(async (tx) => {
    if (!(await forgetFailedJob(uuid, tx))) throw new FailedJobNotFound(uuid);
    await recordAudit(user, { action: "failed-job.forget", target: `failed-job:${uuid}` }, tx);
  });
}
