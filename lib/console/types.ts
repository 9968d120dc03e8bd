// The console's response shapes: what the route handlers answer and the screens
// read. Types only (no imports with side effects), so client components may
// import them without pulling server code into the bundle.
import type { JsonNode } from "./json-node";

export type QueueStatus = "idle" | "healthy" | "busy" | "overloaded";

/** The job states a queue screen lists, in tab order (BullMQ's names, "waiting" for its `wait` list). */
export const LISTED_STATES = ["waiting", "prioritized", "active", "delayed", "paused", "completed", "failed"] as const;
export type ListedState = (typeof LISTED_STATES)[number];

/** States an admin may clean (active jobs hold locks: never cleaned from the console). */
export const CLEANABLE_STATES = ["waiting", "prioritized", "delayed", "completed", "failed"] as const;
export type CleanableState = (typeof CLEANABLE_STATES)[number];

export type StateCounts = Record<ListedState | "waiting-children", number>;

export interface DashboardQueue {
  queue: string;
  /** In the config (false: found in Redis only). */
  configured: boolean;
  size: number;
  failed: number;
  delayed: number;
  active: number;
  status: QueueStatus;
  workers: number;
  /** Horizon's wait: ready jobs × average runtime ÷ processes, in seconds; null when no runtime was measured. */
  waitSeconds: number | null;
  paused: boolean;
}

export interface DashboardData {
  checkedAt: string;
  thresholds: { busyAt: number; overloadedAt: number };
  queues: DashboardQueue[];
  headline: {
    windowMinutes: number;
    jobsPerMinute: number;
    avgWaitMs: number;
    /** 0–1. */
    failureRate: number;
    /** Archived final failures within the window. */
    recentFailures: number;
  };
  workers: { status: "running" | "paused" | "inactive"; masters: number; supervisors: number };
}

export type SeriesRange = "1h" | "24h";

export interface SeriesPoint {
  at: number;
  throughput: number;
  failed: number;
  avgRuntimeMs: number;
  avgWaitMs: number;
}

export interface DashboardSeries {
  range: SeriesRange;
  bucketMs: number;
  points: SeriesPoint[];
}

export interface QueueSummary {
  name: string;
  configured: boolean;
  paused: boolean;
  counts: StateCounts;
  workers: number;
  /** Supervisors (config names) that consume it in this environment. */
  supervisors: string[];
}

export interface QueueList {
  queues: QueueSummary[];
  /** When Redis was last scanned for queues the config lacks (epoch ms), null while the first scan runs. */
  discoveredAt: number | null;
}

export interface JobRow {
  id: string;
  name: string;
  state: ListedState;
  timestamp: number | null;
  processedOn: number | null;
  finishedOn: number | null;
  delay: number;
  priority: number;
  attemptsMade: number;
  /** First characters of the failure reason. */
  failedReason: string | null;
  /** First characters of the stored job data (JSON text), shown as text. */
  dataPreview: string;
  dataBytes: number;
}

export interface JobPage {
  rows: JobRow[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
  /** Jobs in this state now. */
  total: number;
  /** Search only: jobs looked at by this request, and whether the scan reached the end. */
  scanned?: number;
  exhausted?: boolean;
}

export interface TimelineStep {
  step: "created" | "delayed" | "waited" | "ran" | "completed" | "failed" | "running" | "waiting";
  at: number | null;
  /** How long this step lasted, ms (null while it still lasts). */
  durationMs: number | null;
}

export interface JobDetail {
  id: string;
  queue: string;
  name: string;
  state: string;
  payload: JsonNode;
  payloadBytes: number;
  /** True when `payload` was shortened; GET …/payload returns it whole. */
  payloadTruncated: boolean;
  meta: Record<string, unknown>;
  opts: Record<string, unknown>;
  attemptsMade: number;
  attemptsStarted: number;
  maxAttempts: number | null;
  progress: unknown;
  returnValue: JsonNode | null;
  failedReason: string | null;
  /** Newest last, one per failed attempt (BullMQ keeps the last `stackTraceLimit`). */
  stacktrace: string[];
  logs: { lines: string[]; count: number };
  timeline: TimelineStep[];
  parent: { queue: string; id: string } | null;
  children: { processed: number; unprocessed: number; failed: number; ignored: number };
  batchId: string | null;
  chain: unknown;
  /** The archived failure of this job, when there is one. */
  failedJobUuid: string | null;
}

export interface FailedJobRowView {
  uuid: string;
  queue: string;
  jobId: string;
  jobName: string;
  exceptionClass: string;
  message: string;
  attempts: number;
  failReason: string;
  failedAt: string;
  retriedAt: string | null;
  retriedJobId: string | null;
}

export interface FailedJobPage {
  rows: FailedJobRowView[];
  nextCursor: string | null;
}

export interface FailedGroup {
  exceptionClass: string;
  errorGroup: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sample: { uuid: string; message: string; jobName: string; queue: string } | null;
}

export interface FailedGroups {
  groups: FailedGroup[];
  /** Rows matching the filter (all groups). */
  total: number;
}

export interface FailedJobDetail extends FailedJobRowView {
  connection: string;
  payload: JsonNode;
  payloadBytes: number;
  payloadTruncated: boolean;
  stack: string | null;
  retriedBy: string | null;
  errorGroup: string;
}

export interface RetryPreview {
  /** Rows matching and not yet retried. */
  total: number;
  retry: number;
  skip: { permanent_failure: number; too_many_attempts: number };
  /** Selected rows (by uuid) that were retried before. */
  alreadyRetried: number;
}

export interface RetryChunkResult {
  retried: number;
  skipped: { uuid: string; reason: string }[];
  processed: number;
  nextCursor: string | null;
  done: boolean;
}

export interface CleanResult {
  removed: number;
  remaining: number;
  done: boolean;
}

export interface AuditRow {
  id: string;
  at: string;
  actorEmail: string;
  action: string;
  target: string;
  details: unknown;
}

export interface AuditPage {
  rows: AuditRow[];
  nextCursor: string | null;
}

export interface WebhookEventRow {
  id: string;
  provider: string;
  eventId: string;
  eventType: string;
  callId: string | null;
  handled: boolean;
  receivedAt: string;
  processedAt: string | null;
  duplicateCount: number;
}

export interface WebhookEventPage {
  rows: WebhookEventRow[];
  nextCursor: string | null;
}

export interface WebhookEventDetail extends WebhookEventRow {
  payload: JsonNode;
  payloadBytes: number;
  payloadTruncated: boolean;
  lastDuplicateAt: string | null;
}

export interface WebhookStats {
  /** Deliveries refused for their signature (401) per hour, from Redis; null when Redis could not be read. */
  signatureFailuresPerHour: { hour: number; count: number }[] | null;
  eventsPerHour: { hour: number; count: number }[];
  /** Event types stored so far (filter menu). */
  eventTypes: string[];
}

export interface ScaleDecisionView {
  at: number;
  supervisor: string;
  host?: string;
  queue: string;
  from: number;
  to: number;
  reason?: string;
}

export interface SupervisorsData {
  status: "running" | "paused" | "inactive";
  masters: {
    name: string;
    host: string;
    pid: number;
    environment: string;
    status: string;
    memoryMb: number;
    startedAt: number;
    lastSeen: number;
    supervisors: string[];
  }[];
  supervisors: {
    name: string;
    supervisor: string;
    master: string;
    host: string;
    pid: number;
    status: string;
    connection: string;
    balance: string;
    minProcesses: number;
    maxProcesses: number;
    processes: Record<string, number>;
    memoryMb: number;
    lastSeen: number;
  }[];
  workersPerQueue: Record<string, number>;
  /** Null when the supervisors do not record their decisions (yet). */
  decisions: ScaleDecisionView[] | null;
}

export interface MetricsData {
  from: number;
  to: number;
  jobs: { job: string; throughput: number; failed: number; avgRuntimeMs: number; p95RuntimeMs: number }[];
  queues: { queue: string; throughput: number; avgWaitMs: number; p95WaitMs: number; avgRuntimeMs: number }[];
}
