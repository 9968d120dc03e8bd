// Composes one alert from a window of failures. Pure: the notifier drains Redis
// and passes the numbers in.

export interface FailureSummary {
  queue: string;
  jobName: string;
  jobId: string;
  exceptionClass: string;
  message: string;
  attempts: number;
  failedAt: number;
  uuid?: string;
}

export interface DigestInput {
  /** Failures in the window (may exceed the examples kept). */
  total: number;
  /** Count per `queue|jobName|exceptionClass`. */
  groups: Record<string, number>;
  /** The most recent failures, at most a few hundred. */
  examples: FailureSummary[];
  environment: string;
  /** Link to the console's failed-jobs page, if known. */
  consoleUrl?: string;
}

export interface Digest {
  subject: string;
  text: string;
  slackText: string;
}

const MAX_GROUPS = 10;
const MAX_EXAMPLES = 5;

export function composeDigest(input: DigestInput): Digest {
  const groups = Object.entries(input.groups)
    .map(([k, count]) => {
      const [queue, jobName, exceptionClass] = k.split("|");
      return { queue, jobName, exceptionClass, count };
    })
    .sort((a, b) => b.count - a.count || a.jobName.localeCompare(b.jobName));
  const plural = input.total === 1 ? "job" : "jobs";
  const top = groups[0];
  const subject =
    input.total === 1 && input.examples[0]
      ? `[Switchyard ${input.environment}] Job failed: ${input.examples[0].jobName} on ${input.examples[0].queue}`
      : `[Switchyard ${input.environment}] ${input.total} ${plural} failed${top ? ` (most: ${top.jobName}, ${top.exceptionClass})` : ""}`;
  const groupLines = groups.slice(0, MAX_GROUPS).map((g) => `  ${String(g.count).padStart(6)} × ${g.jobName} on ${g.queue}: ${g.exceptionClass}`);
  if (groups.length > MAX_GROUPS) groupLines.push(`  … and ${groups.length - MAX_GROUPS} more kinds`);
  const exampleLines = input.examples.slice(0, MAX_EXAMPLES).map(
    (e) => `  - ${new Date(e.failedAt).toISOString()} ${e.jobName}#${e.jobId} (${e.queue}, ${e.attempts} attempts) ${e.exceptionClass}: ${oneLine(e.message)}${e.uuid ? ` [${e.uuid}]` : ""}`,
  );
  const lines = [
    `${input.total} ${plural} failed for good on Switchyard (${input.environment}).`,
    "",
    "By job and exception:",
    ...groupLines,
    "",
    "Latest:",
    ...exampleLines,
  ];
  if (input.consoleUrl) lines.push("", `Failed jobs: ${input.consoleUrl}`);
  lines.push("", "Retry with: npm run queue:retry-failed -- --queue=<queue> [--dry-run]");
  const slackText = [`*${subject}*`, ...groupLines.slice(0, 5)].join("\n");
  return { subject, text: lines.join("\n"), slackText };
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
