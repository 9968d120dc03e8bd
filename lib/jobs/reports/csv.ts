// CSV lines (RFC 4180) and the report's columns. Pure.
export type Cell = string | number | boolean | Date | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  // A leading = + - @ is prefixed so spreadsheets do not run it as a formula — except
  // plain numbers and phone numbers (+49 30 …), which no spreadsheet evaluates.
  const formulaLike = typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().\/-]+$/.test(text);
  const safe = formulaLike ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

export const REPORT_COLUMNS = [
  "record", "id", "at", "customer_phone", "status", "duration_seconds", "sentiment", "successful", "service", "summary",
] as const;

/** `YYYY-MM` → [first instant, first instant of next month) in UTC. */
export function monthRange(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new Error(`month must be YYYY-MM, got ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

/** The calendar month before `now` (what a monthly report run on the 1st covers). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
