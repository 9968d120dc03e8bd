// Typed calls of the console's route handlers (response types from
// lib/console/types.ts, shared with the handlers). One function per endpoint.
import type {
  AuditPage, CleanableState, CleanResult, DashboardData, DashboardSeries, FailedGroups, FailedJobDetail, FailedJobPage,
  JobDetail, JobPage, ListedState, MetricsData, QueueList, QueueSummary, RetryChunkResult, RetryPreview, SeriesRange,
  SupervisorsData, WebhookEventDetail, WebhookEventPage, WebhookStats,
} from "@/lib/console/types";
import type { BatchDetails, BatchList } from "@/lib/queue/batches";
import type { KeptJob, MonitoredTag } from "@/lib/tags/monitoring";
import type { TagSearch } from "@/lib/tags/search";
import { apiFetch } from "./index";

type Query = Record<string, string | number | boolean | undefined | null>;
const enc = encodeURIComponent;

export interface FailedFilterInput {
  queue?: string;
  jobName?: string;
  exceptionClass?: string;
  errorGroup?: string;
  from?: string;
  to?: string;
  q?: string;
}

export const consoleApi = {
  dashboard: (signal?: AbortSignal) => apiFetch<DashboardData>("/api/dashboard", { signal }),
  series: (range: SeriesRange, signal?: AbortSignal) => apiFetch<DashboardSeries>("/api/dashboard/series", { query: { range }, signal }),
  metrics: (signal?: AbortSignal) => apiFetch<MetricsData>("/api/dashboard/metrics", { signal }),

  queues: (signal?: AbortSignal) => apiFetch<QueueList>("/api/queues", { signal }),
  queue: (name: string, signal?: AbortSignal) => apiFetch<QueueSummary>(`/api/queues/${enc(name)}`, { signal }),
  jobs: (name: string, query: { state: ListedState; cursor?: string; limit?: number; q?: string; field?: string }, signal?: AbortSignal) =>
    apiFetch<JobPage>(`/api/queues/${enc(name)}/jobs`, { query, signal }),
  pause: (name: string) => apiFetch<{ paused: boolean }>(`/api/queues/${enc(name)}/pause`, { method: "POST" }),
  resume: (name: string) => apiFetch<{ paused: boolean }>(`/api/queues/${enc(name)}/resume`, { method: "POST" }),
  cleanPreview: (name: string, state: CleanableState, signal?: AbortSignal) =>
    apiFetch<{ affects: number; exact: boolean }>(`/api/queues/${enc(name)}/clean`, { query: { state }, signal }),
  clean: (name: string, state: CleanableState) => apiFetch<CleanResult>(`/api/queues/${enc(name)}/clean`, { method: "POST", body: { state } }),

  job: (queue: string, id: string, signal?: AbortSignal) => apiFetch<JobDetail>(`/api/jobs/${enc(queue)}/${enc(id)}`, { signal }),
  jobPayload: (queue: string, id: string) => apiFetch<unknown>(`/api/jobs/${enc(queue)}/${enc(id)}/payload`),
  jobAction: (queue: string, id: string, action: "retry" | "remove" | "promote") =>
    apiFetch<unknown>(`/api/jobs/${enc(queue)}/${enc(id)}/${action}`, { method: "POST" }),

  failedList: (query: Query, signal?: AbortSignal) => apiFetch<FailedJobPage>("/api/failed-jobs", { query, signal }),
  failedGroups: (query: Query, signal?: AbortSignal) => apiFetch<FailedGroups>("/api/failed-jobs/groups", { query, signal }),
  failedFacets: (signal?: AbortSignal) =>
    apiFetch<{ queues: string[]; jobNames: string[]; exceptionClasses: string[] }>("/api/failed-jobs/facets", { signal }),
  failedDetail: (uuid: string, signal?: AbortSignal) => apiFetch<FailedJobDetail>(`/api/failed-jobs/${enc(uuid)}`, { signal }),
  failedPayload: (uuid: string) => apiFetch<unknown>(`/api/failed-jobs/${enc(uuid)}/payload`),
  retryPreview: (query: Query, signal?: AbortSignal) => apiFetch<RetryPreview>("/api/failed-jobs/retry", { query, signal }),
  retryChunk: (body: { filter?: FailedFilterInput; uuids?: string[]; cursor?: string; size?: number }) =>
    apiFetch<RetryChunkResult>("/api/failed-jobs/retry", { method: "POST", body }),
  retryOne: (uuid: string) => apiFetch<{ jobId: string; queue: string }>(`/api/failed-jobs/${enc(uuid)}/retry`, { method: "POST" }),
  forget: (uuid: string) => apiFetch<unknown>(`/api/failed-jobs/${enc(uuid)}/forget`, { method: "POST" }),
  flushPreview: (query: Query, signal?: AbortSignal) => apiFetch<{ affects: number }>("/api/failed-jobs/flush", { query, signal }),
  flush: (body: { queue?: string; olderThanHours?: number; expected: number }) =>
    apiFetch<{ deleted: number }>("/api/failed-jobs/flush", { method: "POST", body }),

  supervisors: (signal?: AbortSignal) => apiFetch<SupervisorsData>("/api/supervisors", { signal }),
  supervisorCommand: (body: { type: "pause" | "continue" | "restart"; master?: string; supervisor?: string }) =>
    apiFetch<{ sentTo: string[] }>("/api/supervisors/commands", { method: "POST", body }),

  webhookEvents: (query: Query, signal?: AbortSignal) => apiFetch<WebhookEventPage>("/api/webhooks/events", { query, signal }),
  webhookEvent: (id: string, signal?: AbortSignal) => apiFetch<WebhookEventDetail>(`/api/webhooks/events/${enc(id)}`, { signal }),
  webhookStats: (signal?: AbortSignal) => apiFetch<WebhookStats>("/api/webhooks/stats", { signal }),
  replay: (id: string) => apiFetch<{ jobId: string; queue: string }>(`/api/webhooks/events/${enc(id)}/replay`, { method: "POST" }),

  batches: (cursor: string | undefined, signal?: AbortSignal) => apiFetch<BatchList>("/api/batches", { query: { cursor, perPage: 25 }, signal }),
  batch: (id: string, signal?: AbortSignal) => apiFetch<{ batch: BatchDetails }>(`/api/batches/${enc(id)}`, { signal }),
  batchRetryFailed: (id: string) =>
    apiFetch<{ retried: string[]; notRetried: { jobId: string; reason: string }[] }>(`/api/batches/${enc(id)}/retry-failed`, { method: "POST" }),
  batchCancel: (id: string) => apiFetch<{ cancelled: boolean; alreadyCancelled: boolean }>(`/api/batches/${enc(id)}/cancel`, { method: "POST" }),

  tags: (signal?: AbortSignal) => apiFetch<{ monitored: MonitoredTag[]; recent: string[]; keptMinutes: number }>("/api/tags", { query: { limit: 100 }, signal }),
  taggedJobs: (query: { tag: string; kind: "recent" | "failed"; offset: number; limit: number }, signal?: AbortSignal) =>
    apiFetch<TagSearch>("/api/tags/jobs", { query, signal }),
  monitoredJobs: (query: { tag: string; offset: number; limit: number }, signal?: AbortSignal) =>
    apiFetch<{ tag: string; total: number; jobs: KeptJob[] }>("/api/tags/jobs", { query: { ...query, kind: "monitored" }, signal }),
  monitorTag: (tag: string) => apiFetch<{ monitored: true; tag: string; backfilled: number }>("/api/tags/monitor", { method: "POST", body: { tag } }),
  unmonitorTag: (tag: string) => apiFetch<{ monitored: false; tag: string; removed: number }>("/api/tags/unmonitor", { method: "POST", body: { tag } }),

  audit: (query: Query, signal?: AbortSignal) => apiFetch<AuditPage & { actions?: string[] }>("/api/audit", { query, signal }),
};
