// Average job runtime per queue, as the autoscaler and wait-time calculator
// need it (Horizon's MetricsRepository::runtimeForQueue). A moving window of
// the last runs reacts to a change of job mix within a few balancing steps.

export class RuntimeAverage {
  private readonly samples = new Map<string, number[]>();

  constructor(private readonly window = 50) {}

  record(queue: string, runtimeMs: number): void {
    const list = this.samples.get(queue) ?? [];
    list.push(runtimeMs);
    if (list.length > this.window) list.shift();
    this.samples.set(queue, list);
  }

  /** Average ms of the recent runs, 0 when none was measured (Horizon's "no runtime yet"). */
  of(queue: string): number {
    const list = this.samples.get(queue);
    return list?.length ? list.reduce((a, b) => a + b, 0) / list.length : 0;
  }

  all(): Record<string, number> {
    return Object.fromEntries([...this.samples.keys()].map((q) => [q, Math.round(this.of(q) * 10) / 10]));
  }
}
