import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <PlaceholderPage
      title={"Dashboard"}
      summary={"Queue health at a glance."}
      coming={["Per-queue health: size, failed, status (idle, healthy, busy, overloaded), workers and current wait time", "Headline numbers: jobs per minute, average wait, failure rate, recent failures", "Throughput and runtime charts over the last hour and 24 hours"]}
    />
  );
}
