// Opaque pagination cursors: the server encodes where a page ended, the client
// passes it back unchanged. base64url of JSON, validated with zod on the way in,
// so a hand-edited cursor is a 400, never a crash or a surprise query.
import type { z } from "zod";
import { BadRequest } from "../http/app-error";

export class InvalidCursor extends BadRequest {
  override readonly code = "invalid_cursor";
  constructor() {
    super("The page cursor is not valid; start again from the first page.");
  }
}

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined | null, schema: z.ZodType<T>): T | null {
  if (!cursor) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursor();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InvalidCursor();
  return parsed.data;
}
