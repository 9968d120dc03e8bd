// Where each retention window of the config ends, as a pure function of `now`,
// and what each window applies to in the BullMQ port (docs/METRICS.md#trimming).
import type { HorizonConfig } from "../config";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * Cutoffs (epoch ms): anything finished at or before its cutoff is past its window.
 *  - completed:    BullMQ `completed` sets (by finishedOn)              — trim.completed (60 min)
 *  - failed:       BullMQ `failed` sets (by finishedOn)                 — trim.failed (10080 min)
 *  - recent:       tag index of recent jobs (search by tag)             — trim.recent (60 min)
 *  - recentFailed: tag index of failed jobs                             — trim.recent_failed (1440 min)
 *  - monitored:    monitored tags' job lists and job copies             — trim.monitored (10080 min)
 *  - archive:      PostgreSQL FailedJob rows (by failedAt)              — queue.failed.retentionDays (30 d)
 * `trim.pending` has nothing to remove here: pending jobs live in BullMQ's wait/delayed
 * sets, which ARE the queue (Horizon's pending index is only a copy); trimming them would lose work.
 */
export interface TrimCutoffs {
  completed: number;
  failed: number;
  recent: number;
  recentFailed: number;
  monitored: number;
  archive: number;
}

export function trimCutoffs(now: number, trim: HorizonConfig["trim"], retentionDays: number): TrimCutoffs {
  return {
    completed: now - trim.completed * MIN,
    failed: now - trim.failed * MIN,
    recent: now - trim.recent * MIN,
    recentFailed: now - trim.recent_failed * MIN,
    monitored: now - trim.monitored * MIN,
    archive: now - retentionDays * DAY,
  };
}
