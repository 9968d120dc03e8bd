import type { Metadata } from "next";
import { BatchDetailScreen } from "@/components/batches/batch-detail-screen";
import { pathParam } from "@/lib/console/path-param";

export const metadata: Metadata = { title: "Batch" };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pathParam((await params).id);
  return <BatchDetailScreen key={id} id={id} />;
}
