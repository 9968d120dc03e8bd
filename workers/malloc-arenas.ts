// glibc gives each thread that allocates its own malloc arena (up to 8 × cores), and an
// arena keeps its high-water mark: free pages below a live chunk are never returned. Node's
// background threads (GC, compiler, libuv pool) each pin one, so a long-running process's RSS
// creeps upward in steps while its JS heap stays flat — measured on the master in the soak:
// an RSS trend of +18.5 % over 30 minutes, the growth in thread arenas; capped at 2 arenas,
// +2.9 % (docs/RELIABILITY.md). glibc reads MALLOC_ARENA_MAX once, at process start, so it
// has to be in the environment before exec: `npm run workers` and `npm start` set it for the
// master, forkTs for every supervisor and worker process. An operator's own value is kept.

/** The cap the workers processes run with unless the environment sets one (the usual advice for long-running processes on glibc). */
export const DEFAULT_MALLOC_ARENA_MAX = "2";

/** `env` with MALLOC_ARENA_MAX defaulted (not overridden). Pure. */
export function withArenaCap<E extends Record<string, string | undefined>>(env: E): E {
  return env.MALLOC_ARENA_MAX ? env : { ...env, MALLOC_ARENA_MAX: DEFAULT_MALLOC_ARENA_MAX };
}

/**
 * The start-up warning for a master started without the cap on glibc (not via `npm run workers`), else null.
 * `glibc` is asked only when the cap is missing: the usual start pays nothing for it.
 */
export function arenaCapWarning(env: Record<string, string | undefined>, glibc: () => boolean): string | null {
  if (env.MALLOC_ARENA_MAX || !glibc()) return null;
  return `MALLOC_ARENA_MAX is not set: this process's memory will creep upward (glibc keeps a malloc arena per thread); ` +
    `start it with MALLOC_ARENA_MAX=${DEFAULT_MALLOC_ARENA_MAX} as \`npm run workers\` does (its children get it either way)`;
}

/** Whether this process runs on glibc (musl and other platforms have no per-thread arenas to cap). */
export function onGlibc(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return Boolean(header?.glibcVersionRuntime);
}
