// POST /api/failed-jobs/:uuid/forget — deletes one archived failure (the seed's queue:forget).
import { audit } from "@/lib/console/audit";
import { uuidParam } from "@/lib/console/schemas";
import { FailedJobNotFound } from "@/lib/db/queries/failed-job-detail";
import { route } from "@/lib/http/route";
import { forgetFailedJob } from "@/lib/queue/failed-jobs";

export const POST = route({ auth: "admin", params: uuidParam }, async ({ params, user }) => {
  if (!(await forgetFailedJob(params.uuid))) throw new FailedJobNotFound(params.uuid);
  await audit(user, "failed-job.forget", `failed-job:${params.uuid}`);
  return { forgotten: true };
});
