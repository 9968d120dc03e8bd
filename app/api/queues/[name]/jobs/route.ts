// GET /api/queues/:name/jobs?state=&cursor=&limit= — a page of jobs in one state;
// with q= (and field=id|name|payload) a search instead.
import { assertQueue } from "@/lib/console/queue-actions";
import { listJobs, searchJobs } from "@/lib/console/queue-jobs";
import { jobsQuery, queueParam } from "@/lib/console/schemas";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: queueParam, query: jobsQuery }, ({ params, query }) =>
  coalesce(readKey("jobs", env().REDIS_PREFIX, [params.name, query]), async () => {
    await assertQueue(params.name);
    if (query.q) return searchJobs(params.name, query.state, { q: query.q, field: query.field, cursor: query.cursor, limit: query.limit });
    return listJobs(params.name, query.state, { cursor: query.cursor, limit: query.limit });
  }),
);
