import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return (
    <PlaceholderPage
      title={"Audit log"}
      summary={"Who did what, and when."}
      coming={["Every console mutation: actor, action, target, details and time", "Filters by actor, action and date"]}
    />
  );
}
