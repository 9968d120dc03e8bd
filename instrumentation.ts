// Runs once when `next start` / `next dev` boots the console. The console's Redis connections are
// opened here instead of by the first request: when Redis is down at start, the connections know it
// (lib/redis/connection-watch.ts) before any request comes, so the first request is refused with a
// 503 at once instead of waiting for Redis to return.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { openConsoleConnections } = await import("./lib/console/open-connections");
  openConsoleConnections();
}
