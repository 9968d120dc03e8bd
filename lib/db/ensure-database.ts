// Creates the PostgreSQL database named in a URL when it does not exist yet.
import pg from "pg";
import { withDatabase } from "./pg-config";

export async function ensureDatabase(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[\w-]+$/.test(name)) throw new Error(`DATABASE_URL names an unusual database "${name}"; create it yourself`);
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres"), connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Two processes racing to create it: the loser sees 42P04 (duplicate_database).
    if ((error as { code?: string }).code === "42P04") return false;
    throw error;
  } finally {
    await admin.end();
  }
}
