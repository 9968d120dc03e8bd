// Process-wide map of job name → definition. The processor looks jobs up here by
// `job.name`, so the workers must import every definition (lib/jobs/index.ts).
import type { JobDefinition } from "./types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = JobDefinition<any, any>;

const globalStore = globalThis as unknown as { switchyardJobRegistry?: Map<string, AnyDefinition> };
// On globalThis so a module reloaded by Next's dev server or vitest sees the same registry.
const definitions = (globalStore.switchyardJobRegistry ??= new Map<string, AnyDefinition>());

export const jobRegistry = {
  /** Adds a definition; a second definition under the same name replaces the first (module reload). */
  register(definition: AnyDefinition): void {
    definitions.set(definition.name, definition);
  },
  get(name: string): AnyDefinition | undefined {
    return definitions.get(name);
  },
  has(name: string): boolean {
    return definitions.has(name);
  },
  names(): string[] {
    return [...definitions.keys()].sort();
  },
  all(): AnyDefinition[] {
    return [...definitions.values()];
  },
  /** Tests only. */
  unregister(name: string): void {
    definitions.delete(name);
  },
};
