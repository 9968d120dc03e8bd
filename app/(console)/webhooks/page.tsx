import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <PlaceholderPage
      title={"Webhooks"}
      summary={"Retell events received by the webhook route."}
      coming={["Stored events: type, call id, received, processed, duplicate count", "Signature failures per hour", "One event's payload and replay (re-enqueue) with an audit entry"]}
    />
  );
}
