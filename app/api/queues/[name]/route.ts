// GET /api/queues/:name — one queue's counts, paused flag, workers and supervisors.
import { assertQueue } from "@/lib/console/queue-actions";
import { queueFacts, summaryOf } from "@/lib/console/queue-summaries";
import { queueParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: queueParam }, async ({ params }) => {
  await assertQueue(params.name);
  return summaryOf(params.name, await queueFacts([params.name]));
});
