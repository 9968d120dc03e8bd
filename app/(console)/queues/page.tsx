import type { Metadata } from "next";
import { QueuesScreen } from "@/components/queues/queues-screen";

export const metadata: Metadata = { title: "Queues" };

export default function QueuesPage() {
  return <QueuesScreen />;
}
