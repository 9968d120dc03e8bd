// Starts the longest integration files first. Vitest orders files by the durations it
// cached on earlier runs, but a clean clone (CI) has no cache: the order is then
// arbitrary, and a 60–110 s file that starts last stretches the run by its whole
// length while the other worker idles. The list is from a full run's timings; a file
// missing from it only loses this head start. Plain JS so vitest.config.ts can import
// it without a loader.
import { BaseSequencer } from "vitest/node";

const SLOWEST_FIRST = [
  "workers/control.int.test.ts",
  "workers/priority.int.test.ts",
  "lib/auth/user-admin.int.test.ts",
  "workers/guards.int.test.ts",
  "workers/balance.int.test.ts",
  "tests/scale-out/two-hosts.int.test.ts",
  "workers/no-loss.int.test.ts",
  "tests/db/schema-drift.int.test.ts",
  "lib/metrics/ops-workload.int.test.ts",
  "lib/queue/retry-failed.int.test.ts",
  "lib/metrics/shutdown-flush.int.test.ts",
  "lib/queue/chains/chain-kill.int.test.ts",
];

/** @param {{ moduleId: string }} file */
function rank(file) {
  const i = SLOWEST_FIRST.findIndex((s) => file.moduleId.endsWith(`/${s}`));
  return i < 0 ? SLOWEST_FIRST.length : i;
}

export default class SlowFirstSequencer extends BaseSequencer {
  /** @param {import("vitest/node").TestSpecification[]} files */
  async sort(files) {
    const sorted = await super.sort(files);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}
