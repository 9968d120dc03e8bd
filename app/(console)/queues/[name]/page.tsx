import type { Metadata } from "next";
import { QueueDetailScreen } from "@/components/queues/queue-detail-screen";
import { LISTED_STATES, type ListedState } from "@/lib/console/types";
import { pathParam } from "@/lib/console/path-param";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ state?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Queue ${pathParam((await params).name)}` };
}

export default async function QueuePage({ params, searchParams }: Props) {
  const name = pathParam((await params).name);
  const requested = (await searchParams).state;
  const state = (LISTED_STATES as readonly string[]).includes(requested ?? "") ? (requested as ListedState) : "waiting";
  return <QueueDetailScreen key={name} name={name} initialState={state} />;
}
