"use client";
// Search by tag: any tag (e.g. company:12) and which list — recent jobs, failed
// jobs, or a monitored tag's kept jobs. Submitting starts a new search at page 1.
import { useId, useState, type FormEvent } from "react";
import { Button, Card, inputClass } from "@/components/console/ui";
import { kindLabel, TAG_HINT, TAG_KINDS, TAG_PATTERN, type TagKind, type TagQuery } from "./tag-input";
import { TaggedJobs } from "./tagged-jobs";
import { useKeptFor, useTagList } from "./use-tag-list";

function SearchForm({ initial, onSearch }: { initial: TagQuery | null; onSearch: (q: TagQuery) => void }) {
  const [tag, setTag] = useState(initial?.tag ?? "");
  const [kind, setKind] = useState<TagKind>(initial?.kind ?? "recent");
  const suggestions = useTagList().data?.recent ?? [];
  const keptFor = useKeptFor();
  const listId = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    if (tag.trim()) onSearch({ tag: tag.trim(), kind });
  }

  return (
    <form onSubmit={submit} role="search" aria-label="Search jobs by tag" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,20rem)_minmax(0,14rem)_auto] sm:items-end">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Tag</span>
        <input
          className={inputClass}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          placeholder="company:12"
          required
          pattern={TAG_PATTERN}
          maxLength={120}
          title={TAG_HINT}
          list={listId}
        />
        <datalist id={listId}>
          {suggestions.map((t) => <option key={t} value={t} />)}
        </datalist>
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Jobs</span>
        <select className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as TagKind)}>
          {TAG_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k, keptFor)}</option>)}
        </select>
      </label>
      <div>
        <Button type="submit" variant="primary">Search</Button>
      </div>
    </form>
  );
}

export function TagSearch({ search, onSearch }: { search: TagQuery | null; onSearch: (q: TagQuery) => void }) {
  // Keyed by the search: a "Show jobs" click from the monitored list refills the form and restarts paging.
  const key = search ? `${search.kind}\u0000${search.tag}` : "none";
  return (
    <Card title="Search by tag">
      <SearchForm key={`form:${key}`} initial={search} onSearch={onSearch} />
      {search ? (
        <TaggedJobs key={`jobs:${key}`} search={search} />
      ) : (
        <p className="py-4 text-sm text-zinc-500 dark:text-zinc-400">Enter a tag to list its jobs: recent ones, failed ones, or a monitored tag&apos;s kept jobs.</p>
      )}
    </Card>
  );
}
