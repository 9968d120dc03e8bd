import type { Metadata } from "next";
import { QueueDetailScreen } from "@/components/queues/queue-detail-screen";
import { LISTED_STATES, type ListedState } from "@/lib/console/types";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ state?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Queue ${decodeURIComponent((await params).name)}` };
}

export default async function QueuePage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const requested = (await searchParams).state;
  const state = (LISTED_STATES as readonly string[]).includes(requested ?? "") ? (requested as ListedState) : "waiting";
  return <QueueDetailScreen key={name} name={name} initialState={state} />;
}
