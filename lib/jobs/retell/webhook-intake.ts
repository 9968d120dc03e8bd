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

/** The runtime's fail-fast producer connection (no offline queue: a command fails at once while Redis is down). */
function producerConnection(): Redis | undefined {
  return getQueue(ProcessRetellWebhook.queue).opts.connection as Redis | undefined;
}

/**
 * A Redis that is down would cost every delivery the full enqueue timeout; getQueue refuses at once
 * once the producer is known to be down (lib/redis/connection-watch.ts). Before the very first
 * connect the route's timeout covers it.
 */
export async function enqueueRetellWebhook(delivery: AcceptedDelivery): Promise<string> {
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
