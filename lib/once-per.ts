// A gate that opens at most once per period: "the log says why" without one
// line per refused request or failed flush while a dependency stays down.

/** Returns a function that answers true at most once every `ms` (the first call always). */
export function oncePer(ms: number, clock: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    const now = clock();
    if (now - last < ms) return false;
    last = now;
    return true;
  };
}
