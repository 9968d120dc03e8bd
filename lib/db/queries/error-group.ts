// How the Failed jobs screen groups failures: the message with its variable parts
// (ids, numbers, addresses, quoted values) replaced by placeholders, so
// "Call 3f2a… not found" and "Call 9c1b… not found" are one group. Pure.
//
// The same rules exist once more as SQL (ERROR_GROUP_SQL) for archive rows
// recorded before FailedJob.errorGroup was stored; keep the two in step
// (error-group.test.ts checks both produce the same text for the samples).

/** Longest group text kept; the sample row shows the full message. */
export const ERROR_GROUP_MAX = 300;

// Order matters: the specific shapes first, so a UUID is not eaten digit by digit.
const RULES: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>"],
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "<email>"],
  [/\b(?=[0-9a-z]*\d)[0-9a-z_]{12,}\b/gi, "<id>"],
  [/"[^"]*"|'[^']*'/g, '"…"'],
  [/\d+(\.\d+)?/g, "<n>"],
];

export function errorGroupOf(message: string): string {
  let out = message;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, " ").trim().slice(0, ERROR_GROUP_MAX);
}

/**
 * The same normalization as a PostgreSQL expression over `column` (ARE syntax:
 * `\y` is the word boundary there). Only used for rows whose stored group is "".
 */
export function errorGroupSql(column: string): string {
  const steps: [string, string, string][] = [
    ["[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", "gi"],
    ["[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+", "<email>", "g"],
    ["\\y(?=[0-9a-z]*\\d)[0-9a-z_]{12,}\\y", "<id>", "gi"],
    [`"[^"]*"|''[^'']*''`, '"…"', "g"],
    ["\\d+(\\.\\d+)?", "<n>", "g"],
    ["\\s+", " ", "g"],
  ];
  let expr = column;
  for (const [pattern, replacement, flags] of steps) expr = `regexp_replace(${expr}, E'${pattern.replace(/\\/g, "\\\\")}', '${replacement}', '${flags}')`;
  return `left(btrim(${expr}), ${ERROR_GROUP_MAX})`;
}
