// The database URL, shared by the Prisma CLI config, scripts and the app.
// Kept free of other imports so prisma.config.ts can load it cheaply.
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/switchyard";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
