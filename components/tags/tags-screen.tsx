"use client";
// Tags (Horizon's Monitoring + search by tag): the monitored tags with their
// kept jobs, and any tag's recent, failed or monitored jobs.
import { useRef, useState } from "react";
import { PageTitle } from "@/components/console/ui";
import { MonitoredTags } from "./monitored-tags";
import type { TagQuery } from "./tag-input";
import { TagSearch } from "./tag-search";
import { useKeptFor } from "./use-tag-list";

export function TagsScreen() {
  const [search, setSearch] = useState<TagQuery | null>(null);
  const searchRef = useRef<HTMLDivElement>(null);
  const keptFor = useKeptFor();

  function showMonitored(tag: string) {
    setSearch({ tag, kind: "monitored" });
    // Bring the results into view (on a phone they sit below the list) and move focus there.
    requestAnimationFrame(() => {
      searchRef.current?.scrollIntoView({ block: "start" });
      searchRef.current?.focus();
    });
  }

  return (
    <div className="space-y-5">
      <PageTitle
        title="Tags"
        description={`Jobs are tagged from their payload (company:12, customer:7, call:abc) and by their definition. A monitored tag keeps its jobs${keptFor ? ` for ${keptFor}` : ""}, listed together.`}
      />
      <MonitoredTags onShowJobs={showMonitored} />
      <div ref={searchRef} tabIndex={-1} className="outline-none">
        <TagSearch search={search} onSearch={setSearch} />
      </div>
    </div>
  );
}
