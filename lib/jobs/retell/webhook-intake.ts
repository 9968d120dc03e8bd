// The route's real dependencies: the key from the environment and the enqueue
// of ProcessRetellWebhook through the runtime's fail-fast producer connection.
import { env } from "../../env";
import { logger } from "../../logger";
import type { Redis } from "ioredis";
import { dispatch, getQueue } from "../../queue";
import type { AcceptedDelivery, WebhookReceiverDeps } from "../../retell/receive-webhook";
import { oncePer } from "../../once-per";
import { resolveRetellKey } from "../../retell/webhook-key";
import { SignatureFailureTally } from "../../retell/signature-failures";
import { ProcessRetellWebhook } from "./process-retell-webhook";

/**
 * BullMQ waits for a connection that was never ready instead of failing, so a
 * Redis that is down would cost every delivery the full enqueue timeout. Once the
 * producer has lost its connection (an error or close since it was last ready),
 * deliveries are refused at once until it is ready again. Before the very first
 * connect the route's timeout covers it.
 */
const watches = new WeakMap<object, { down: boolean }>();

/**
 * Statuses of a connection that has not lost anything yet, when the watch starts: `connect` is
 * ioredis's ready check between the socket and `ready`, not an outage.
 */
const UP_OR_COMING_UP: ReadonlySet<string> = new Set(["wait", "connecting", "connect", "ready"]);

/** The runtime's fail-fast producer connection (no offline queue: a command fails at once while Redis is down). */
function producerConnection(): Redis | undefined {
  return getQueue(ProcessRetellWebhook.queue).opts.connection as Redis | undefined;
}

/** Whether the connection has been lost since it was last ready; one watch per connection, kept with it. */
export function connectionWatch(connection: Redis): { readonly down: boolean } {
  const known = watches.get(connection);
  if (known) return known;
  const state = { down: !UP_OR_COMING_UP.has(connection.status) };
  connection.on("ready", () => (state.down = false));
  connection.on("error", () => (state.down = true));
  connection.on("close", () => (state.down = true));
  watches.set(connection, state);
  return state;
}

function assertProducerConnected(): void {
  const connection = producerConnection();
  if (!connection || typeof connection.on !== "function") return;
  if (connectionWatch(connection).down) throw new Error(`Redis connection is down (${connection.status})`);
}

export async function enqueueRetellWebhook(delivery: AcceptedDelivery): Promise<string> {
  assertProducerConnected();
  return dispatch(
    ProcessRetellWebhook,
    { webhookId: delivery.webhookId, receivedAt: delivery.receivedAt.toISOString(), webhook: delivery.envelope },
    { jobId: delivery.webhookId },
  );
}

const routeLogger = logger.child({ route: "POST /api/retell/webhook" });

const tallyComplaintDue = oncePer(60_000);

/** One per process, on the producer connection; a failed flush is logged (once a minute) and retried. */
const signatureFailures = new SignatureFailureTally({
  redis: producerConnection,
  onError(error) {
    if (tallyComplaintDue()) routeLogger.warn({ err: error }, "retell webhook: signature failures not counted yet (Redis); kept and retried");
  },
});

export function retellWebhookDeps(): WebhookReceiverDeps {
  return {
    resolveKey: () => resolveRetellKey(env()),
    enqueue: enqueueRetellWebhook,
    logger: routeLogger,
    countSignatureFailure: () => signatureFailures.count(),
  };
}
