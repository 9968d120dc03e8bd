import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Queues" };

export default function QueuesPage() {
  return (
    <PlaceholderPage
      title={"Queues"}
      summary={"Every configured queue, plus any BullMQ queue found in Redis that the config lacks."}
      coming={["Jobs by state (waiting, prioritized, active, delayed, paused, completed, failed) with cursor pagination", "Search by job id, job name and payload text", "Pause / resume, clean a state in throttled chunks, promote, retry or remove a job"]}
    />
  );
}
