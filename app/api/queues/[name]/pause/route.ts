// POST /api/queues/:name/pause — workers stop taking this queue's jobs; running ones finish.
import { audited } from "@/lib/console/audit";
import { pauseQueue } from "@/lib/console/queue-actions";
import { queueParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: queueParam }, async ({ params, user }) => {
  await audited(user, { action: "queue.pause", target: `queue:${params.name}` }, () => pauseQueue(params.name));
  return { queue: params.name, paused: true };
});
