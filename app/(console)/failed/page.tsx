import type { Metadata } from "next";
import { FailedScreen } from "@/components/failed/failed-screen";

export const metadata: Metadata = { title: "Failed jobs" };

export default function FailedPage() {
  return <FailedScreen />;
}
