import type { Metadata } from "next";
import { WebhookEventScreen } from "@/components/webhooks/webhook-event-screen";
import { pathParam } from "@/lib/console/path-param";

export const metadata: Metadata = { title: "Webhook event" };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pathParam((await params).id);
  return <WebhookEventScreen key={id} id={id} />;
}
