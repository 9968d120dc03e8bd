// Imported first by workers/main.ts: validates the environment before any module
// (the logger reads LOG_LEVEL at import) can throw on it, so a bad variable stops
// the process like a bad config value does — exit 78 and one line naming it — not
// with an uncaught stack trace and exit 1.
import { ConfigError } from "@/lib/config/config-error";
import { env } from "@/lib/env";

try {
  env();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The logger cannot be used: it is configured from the environment that just failed.
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: error.message, problems: error.problems })}\n`);
  process.exit(78);
}
