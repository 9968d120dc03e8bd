// The console's Redis connections, opened when its server starts (instrumentation.ts).
import { openProducer } from "../queue/queues";
import { consoleRedis } from "./redis";

export function openConsoleConnections(): void {
  openProducer();
  consoleRedis();
}
