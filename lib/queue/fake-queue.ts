// Laravel's Queue::fake() for our tests: capture dispatches, assert on them.
import { setActiveFakeQueue } from "./fake-queue-state";
import type { PreparedDispatch } from "./job-data";
import type { JobDefinition } from "./types";

export interface PushedJob<P = unknown> {
  id: string;
  name: string;
  queue: string;
  connection: string;
  /** The payload after schema parsing (what the handler would receive). */
  payload: P;
  delayMs: number;
  priority?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = JobDefinition<any, any>;
type PayloadOf<D> = D extends JobDefinition<infer P, infer _I> ? P : never;

export class FakeQueueAssertion extends Error {
  override readonly name = "FakeQueueAssertion";
}

export interface FakeQueue {
  /** Every captured dispatch, in order. */
  readonly pushed: readonly PushedJob[];
  /** Captured dispatches of one job, optionally filtered. */
  pushedOf<D extends AnyDefinition>(job: D, predicate?: (payload: PayloadOf<D>, pushed: PushedJob<PayloadOf<D>>) => boolean): PushedJob<PayloadOf<D>>[];
  assertPushed<D extends AnyDefinition>(job: D, predicate?: (payload: PayloadOf<D>, pushed: PushedJob<PayloadOf<D>>) => boolean): void;
  assertPushedOn<D extends AnyDefinition>(queue: string, job: D, predicate?: (payload: PayloadOf<D>) => boolean): void;
  assertPushedTimes<D extends AnyDefinition>(job: D, times: number): void;
  assertNotPushed<D extends AnyDefinition>(job: D, predicate?: (payload: PayloadOf<D>) => boolean): void;
  assertNothingPushed(): void;
  /** Stops faking; later dispatches go to Redis again. */
  restore(): void;
}

/** Starts capturing dispatches (payloads are still validated, so bad ones still throw). */
export function fakeQueue(): FakeQueue {
  const pushed: PushedJob[] = [];
  let seq = 0;
  setActiveFakeQueue({
    record<P, I>(definition: JobDefinition<P, I>, prepared: PreparedDispatch<P>): string {
      const id = String(prepared.jobOptions.jobId ?? `fake-${++seq}`);
      pushed.push({
        id,
        name: definition.name,
        queue: prepared.queue,
        connection: prepared.connectionName,
        payload: prepared.payload,
        delayMs: prepared.jobOptions.delay ?? 0,
        priority: prepared.jobOptions.priority,
      });
      return id;
    },
  });

  const of = (job: AnyDefinition, predicate?: (payload: never, p: never) => boolean) =>
    pushed.filter((p) => p.name === job.name && (!predicate || predicate(p.payload as never, p as never)));
  const describe = () => (pushed.length ? pushed.map((p) => `${p.name}@${p.queue}`).join(", ") : "nothing");

  return {
    pushed,
    pushedOf: (job, predicate) => of(job, predicate as never) as never,
    assertPushed(job, predicate) {
      if (of(job, predicate as never).length === 0) {
        throw new FakeQueueAssertion(`Expected "${job.name}" to be pushed${predicate ? " matching the predicate" : ""}; pushed: ${describe()}`);
      }
    },
    assertPushedOn(queue, job, predicate) {
      if (!of(job, predicate as never).some((p) => p.queue === queue)) {
        throw new FakeQueueAssertion(`Expected "${job.name}" to be pushed on queue "${queue}"; pushed: ${describe()}`);
      }
    },
    assertPushedTimes(job, times) {
      const n = of(job).length;
      if (n !== times) throw new FakeQueueAssertion(`Expected "${job.name}" to be pushed ${times} time(s), it was pushed ${n} time(s)`);
    },
    assertNotPushed(job, predicate) {
      const n = of(job, predicate as never).length;
      if (n > 0) throw new FakeQueueAssertion(`Expected "${job.name}" not to be pushed, it was pushed ${n} time(s)`);
    },
    assertNothingPushed() {
      if (pushed.length > 0) throw new FakeQueueAssertion(`Expected nothing to be pushed; pushed: ${describe()}`);
    },
    restore() {
      setActiveFakeQueue(undefined);
    },
  };
}
