// The route's real dependencies: the key from the environment and the enqueue
// of ProcessRetellWebhook through the runtime's fail-fast producer connection.
import { env } from "../../env";
import { logger } from "../../logger";
import type { Redis } from "ioredis";
import { dispatch, getQueue } from "../../queue";
import type { AcceptedDelivery, WebhookReceiverDeps } from "../../retell/receive-webhook";
import { resolveRetellKey } from "../../retell/webhook-key";
import { ProcessRetellWebhook } from "./process-retell-webhook";

// ioredis states in which the producer is known to be cut off from Redis. (While
// "connecting" at start-up it may be fine a moment later: the route's timeout covers that.)
const DISCONNECTED = new Set(["reconnecting", "close", "end"]);

/**
 * BullMQ waits for a connection that was never ready instead of failing, so a
 * Redis that is down would cost every delivery the full enqueue timeout; the
 * producer's state says so at once.
 */
function assertProducerConnected(): void {
  const connection = getQueue(ProcessRetellWebhook.queue).opts.connection as Partial<Redis> | undefined;
  if (connection?.status && DISCONNECTED.has(connection.status)) {
    throw new Error(`Redis connection is ${connection.status}`);
  }
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

export function retellWebhookDeps(): WebhookReceiverDeps {
  return {
    resolveKey: () => resolveRetellKey(env()),
    enqueue: enqueueRetellWebhook,
    logger: routeLogger,
  };
}
