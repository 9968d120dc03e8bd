// Every React Query key of the console, in one table, so a mutation can
// invalidate exactly what it changed (e.g. retrying a failed job invalidates
// queryKeys.failed.all and queryKeys.queues.all). Keys nest: invalidating a
// prefix (["queues"]) refreshes everything below it.
export const queryKeys = {
  me: ["me"] as const,
  dashboard: ["dashboard"] as const,
  dashboardSeries: (range: string) => ["dashboard", "series", range] as const,
  queues: {
    all: ["queues"] as const,
    detail: (queue: string) => ["queues", queue] as const,
    jobs: (queue: string, state: string, cursor?: string, search?: Record<string, unknown>) =>
      ["queues", queue, "jobs", state, cursor ?? null, search ?? null] as const,
    cleanPreview: (queue: string, state: string) => ["queues", queue, "clean", state] as const,
  },
  jobs: {
    all: ["jobs"] as const,
    detail: (queue: string, id: string) => ["jobs", queue, id] as const,
  },
  failed: {
    all: ["failed"] as const,
    list: (filter: Record<string, unknown>) => ["failed", "list", filter] as const,
    groups: (filter: Record<string, unknown>) => ["failed", "groups", filter] as const,
    facets: ["failed", "facets"] as const,
    detail: (uuid: string) => ["failed", "detail", uuid] as const,
    preview: (selection: Record<string, unknown>) => ["failed", "preview", selection] as const,
    flushPreview: (options: Record<string, unknown>) => ["failed", "flush", options] as const,
  },
  batches: {
    all: ["batches"] as const,
    list: (cursor?: string) => ["batches", "list", cursor ?? null] as const,
    detail: (id: string) => ["batches", id] as const,
  },
  supervisors: { all: ["supervisors"] as const },
  webhooks: {
    all: ["webhooks"] as const,
    list: (filter: Record<string, unknown>) => ["webhooks", "list", filter] as const,
    stats: ["webhooks", "stats"] as const,
    detail: (id: string) => ["webhooks", id] as const,
  },
  metrics: { all: ["metrics"] as const },
  tags: {
    all: ["tags"] as const,
    list: ["tags", "list"] as const,
    jobs: (tag: string, kind: string, offset: number) => ["tags", "jobs", tag, kind, offset] as const,
  },
  audit: {
    all: ["audit"] as const,
    list: (filter: Record<string, unknown>) => ["audit", "list", filter] as const,
  },
} as const;
