import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Metrics" };

export default function MetricsPage() {
  return (
    <PlaceholderPage
      title={"Metrics"}
      summary={"Throughput and timing over the last 24 hours."}
      coming={["Per job class: throughput and runtime (average, p95)", "Per queue: wait time"]}
    />
  );
}
