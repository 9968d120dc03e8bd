// dispatch()/dispatchMany(): validate, then push to BullMQ (or run inline on `sync`,
// or record in the fake queue during tests).
import { randomUUID } from "node:crypto";
import { activeFakeQueue } from "./fake-queue-state";
import { prepareDispatch, type PreparedDispatch } from "./job-data";
import { getQueue } from "./queues";
import { runSync } from "./sync-connection";
import type { DispatchOptions, JobDefinition } from "./types";

/** Pushes one job; resolves to its id. An invalid payload throws PayloadInvalid and enqueues nothing. */
export async function dispatch<P, I>(definition: JobDefinition<P, I>, payload: I, options: DispatchOptions = {}): Promise<string> {
  const prepared = prepareDispatch(definition, payload, options);
  const fake = activeFakeQueue();
  if (fake) return fake.record(definition, prepared);
  if (prepared.connection.driver === "sync") {
    const id = `sync-${randomUUID()}`;
    await runSync(definition, prepared, id);
    return id;
  }
  const job = await getQueue(prepared.queue).add(definition.name, prepared.data, prepared.jobOptions);
  return job.id!;
}

/**
 * Pushes many jobs of one definition. Every payload is validated first, so one bad
 * payload enqueues none; then one addBulk per queue (a single round trip each).
 */
export async function dispatchMany<P, I>(definition: JobDefinition<P, I>, payloads: I[], options: DispatchOptions = {}): Promise<string[]> {
  const now = Date.now();
  const prepared = payloads.map((p) => prepareDispatch(definition, p, options, now));
  const fake = activeFakeQueue();
  if (fake) return prepared.map((p) => fake.record(definition, p));
  const ids: string[] = new Array(prepared.length);
  const sync = prepared.map((p, i) => [p, i] as const).filter(([p]) => p.connection.driver === "sync");
  for (const [p, i] of sync) {
    ids[i] = `sync-${randomUUID()}`;
    await runSync(definition, p, ids[i]);
  }
  const byQueue = new Map<string, [PreparedDispatch<P>, number][]>();
  prepared.forEach((p, i) => {
    if (p.connection.driver === "sync") return;
    byQueue.set(p.queue, [...(byQueue.get(p.queue) ?? []), [p, i]]);
  });
  for (const [queue, entries] of byQueue) {
    const jobs = await getQueue(queue).addBulk(entries.map(([p]) => ({ name: definition.name, data: p.data, opts: p.jobOptions })));
    jobs.forEach((job, k) => (ids[entries[k][1]] = job.id!));
  }
  return ids;
}
