import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Batches" };

export default function BatchesPage() {
  return (
    <PlaceholderPage
      title={"Batches"}
      summary={"Groups of jobs dispatched together."}
      coming={["Batches with live progress bars and counts", "A batch's failed jobs, retry failed, cancel"]}
    />
  );
}
