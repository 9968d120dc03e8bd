// GET  /api/queues/:name/clean?state= — how many jobs a clean would remove ("affects N jobs";
// exact: false when that is an upper bound, see cleanAffects).
// POST /api/queues/:name/clean {state, graceMs} — removes them in throttled chunks for up to
// ~1.5 s and answers { removed, remaining, done }; the screen calls again until done.
import { audited } from "@/lib/console/audit";
import { assertQueue, cleanAffects, cleanState } from "@/lib/console/queue-actions";
import { cleanBody, cleanQuery, queueParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", params: queueParam, query: cleanQuery }, async ({ params, query }) => {
  await assertQueue(params.name);
  return { queue: params.name, state: query.state, ...(await cleanAffects(params.name, query.state, query.graceMs)) };
});

export const POST = route({ auth: "admin", params: queueParam, body: cleanBody }, async ({ params, body, user }) => {
  return audited(
    user,
    { action: "queue.clean", target: `queue:${params.name}`, details: { state: body.state, graceMs: body.graceMs }, facts: (r) => ({ removed: r.removed, remaining: r.remaining }) },
    () => cleanState(params.name, body.state, { graceMs: body.graceMs }),
  );
});
