"use client";
// Previous / Next over cursor-paginated lists: the cursors of the pages seen
// are kept on a stack, so "Previous" needs no backwards cursor from the server.
import { useCallback, useState } from "react";

export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({ key: resetKey, stack: [undefined] });
  // A new filter starts again at the first page.
  const stack = state.key === resetKey ? state.stack : [undefined];
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string) => setState({ key: resetKey, stack: [...stack, nextCursor] }), [resetKey, stack]);
  const previous = useCallback(() => setState({ key: resetKey, stack: stack.slice(0, -1) }), [resetKey, stack]);
  const first = useCallback(() => setState({ key: resetKey, stack: [undefined] }), [resetKey]);
  return { cursor, page: stack.length, next, previous, first, hasPrevious: stack.length > 1 };
}
