// Retell's webhook. Unauthenticated by session (Retell has none): every delivery is
// verified by its signature instead, and the path is excluded from the auth proxy.
// The work is in lib/retell/receive-webhook.ts; this file only wires it.
import { retellWebhookDeps } from "@/lib/jobs/retell/webhook-intake";
import { receiveRetellWebhook } from "@/lib/retell/receive-webhook";

export const runtime = "nodejs";

const deps = retellWebhookDeps();

export function POST(request: Request): Promise<Response> {
  return receiveRetellWebhook(request, deps);
}
