// Starts a TypeScript entry of ours as a child process with an IPC channel,
// through tsx's loader, so `npm run workers` needs no build step.
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withArenaCap } from "./malloc-arenas";

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
const here = path.dirname(fileURLToPath(import.meta.url));

export function forkTs(entry: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return fork(path.join(here, entry), args, {
    // --expose-gc: a worker over its `memory` limit collects once before concluding it leaks (worker-main.ts).
    execArgv: ["--import", tsxLoader, "--expose-gc"],
    env: withArenaCap(env),
    // Children share our stdout/stderr: their pino lines interleave with ours, one JSON object per line.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}
