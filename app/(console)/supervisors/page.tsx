import type { Metadata } from "next";
import { SupervisorsScreen } from "@/components/supervisors/supervisors-screen";

export const metadata: Metadata = { title: "Supervisors" };

export default function SupervisorsPage() {
  return <SupervisorsScreen />;
}
