// Calendar jobs of the product, run by BullMQ job schedulers (not a timer in one
// process): every master upserts them at start; a scheduler is keyed by its id,
// so any number of hosts keep ONE scheduler producing one job per period. A job
// is scheduled only once its definition exists (its owner adds it to lib/jobs);
// until then the master logs that it is waiting for it.
import type { Logger } from "../logger";
import { getQueue, jobRegistry, prepareDispatch } from "../queue";

export interface ScheduledJob {
  /** Scheduler id: stable, so re-upserting replaces instead of duplicating. */
  id: string;
  /** The job definition's name (lib/jobs). */
  jobName: string;
  /** Cron pattern (BullMQ / cron-parser syntax). */
  pattern: string;
  tz: string;
  payload: unknown;
}

/** The seed's ProcessMonthlyBilling: on the 1st of every month. */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  { id: "monthly-billing", jobName: "ProcessMonthlyBilling", pattern: "0 3 1 * *", tz: "Europe/Berlin", payload: {} },
];

/** Upserts the schedulers of the defined jobs; returns the ids scheduled and the ones still waiting for a definition. */
export async function registerScheduledJobs(list: ScheduledJob[], log: Logger): Promise<{ scheduled: string[]; waiting: string[] }> {
  const scheduled: string[] = [];
  const waiting: string[] = [];
  for (const entry of list) {
    const definition = jobRegistry.get(entry.jobName);
    if (!definition) {
      waiting.push(entry.id);
      log.info({ scheduler: entry.id, job: entry.jobName }, `schedule ${entry.id} waits for job ${entry.jobName} to be defined`);
      continue;
    }
    // Same data and options as a dispatch, minus what a template cannot carry (a fixed id or delay).
    const { queue, data, jobOptions } = prepareDispatch(definition, entry.payload as never);
    const { jobId: _jobId, delay: _delay, ...opts } = jobOptions;
    await getQueue(queue).upsertJobScheduler(entry.id, { pattern: entry.pattern, tz: entry.tz }, { name: definition.name, data, opts });
    scheduled.push(entry.id);
  }
  return { scheduled, waiting };
}
