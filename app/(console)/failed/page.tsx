import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Failed jobs" };

export default function FailedJobsPage() {
  return (
    <PlaceholderPage
      title={"Failed jobs"}
      summary={"The failed-job archive in PostgreSQL."}
      coming={["Filters by queue, job name, exception class, date range and text", "Failures grouped by normalized error with counts, first/last seen and a sample", "Retry one, selected or all matching (with a dry-run preview), forget, flush"]}
    />
  );
}
