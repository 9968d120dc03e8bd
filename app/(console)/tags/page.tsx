import type { Metadata } from "next";
import { TagsScreen } from "@/components/tags/tags-screen";

export const metadata: Metadata = { title: "Tags" };

export default function TagsPage() {
  return <TagsScreen />;
}
