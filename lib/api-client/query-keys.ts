// Every React Query key of the console, in one table, so a mutation can
// invalidate exactly what it changed (e.g. retrying a failed job invalidates
// queryKeys.failed.all and queryKeys.queues.detail(queue)). Screens (issue 9) fill it in.
export const queryKeys = {
  me: ["me"] as const,
  dashboard: ["dashboard"] as const,
  queues: {
    all: ["queues"] as const,
    detail: (queue: string) => ["queues", queue] as const,
    jobs: (queue: string, state: string, cursor?: string) => ["queues", queue, "jobs", state, cursor ?? null] as const,
  },
  jobs: {
    detail: (queue: string, id: string) => ["jobs", queue, id] as const,
  },
  failed: {
    all: ["failed"] as const,
    list: (filter: Record<string, unknown>) => ["failed", "list", filter] as const,
    groups: (filter: Record<string, unknown>) => ["failed", "groups", filter] as const,
  },
  batches: {
    all: ["batches"] as const,
    detail: (id: string) => ["batches", id] as const,
  },
  supervisors: { all: ["supervisors"] as const },
  webhooks: {
    all: ["webhooks"] as const,
    detail: (id: string) => ["webhooks", id] as const,
  },
  metrics: { all: ["metrics"] as const },
  audit: {
    all: ["audit"] as const,
    list: (filter: Record<string, unknown>) => ["audit", "list", filter] as const,
  },
} as const;
