import type { Metadata } from "next";
import { JobDetailScreen } from "@/components/jobs/job-detail-screen";
import { pathParam } from "@/lib/console/path-param";

type Props = { params: Promise<{ queue: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `Job ${pathParam(p.id)} · ${pathParam(p.queue)}` };
}

export default async function JobPage({ params }: Props) {
  const p = await params;
  const queue = pathParam(p.queue);
  const id = pathParam(p.id);
  return <JobDetailScreen key={`${queue}/${id}`} queue={queue} id={id} />;
}
