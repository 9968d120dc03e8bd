import type { Metadata } from "next";
import { FailedDetailScreen } from "@/components/failed/failed-detail-screen";
import { pathParam } from "@/lib/console/path-param";

export const metadata: Metadata = { title: "Failed job" };

export default async function FailedJobPage({ params }: { params: Promise<{ uuid: string }> }) {
  const uuid = pathParam((await params).uuid);
  return <FailedDetailScreen key={uuid} uuid={uuid} />;
}
