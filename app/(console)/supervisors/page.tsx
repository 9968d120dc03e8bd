import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Supervisors" };

export default function SupervisorsPage() {
  return (
    <PlaceholderPage
      title={"Supervisors"}
      summary={"The worker processes on every host."}
      coming={["Masters and supervisors per host, processes per queue, memory, status, last heartbeat", "The autoscaler's recent decisions", "Pause, continue and graceful restart"]}
    />
  );
}
