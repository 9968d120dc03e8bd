"use client";
// One admin action: runs the call, invalidates the query keys it changed and
// keeps a short message (success or the server's error) for an aria-live notice.
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";

export interface ActionNotice {
  tone: "ok" | "error";
  text: string;
}

export function useAction<A, R>(
  fn: (args: A) => Promise<R>,
  options: { invalidate?: QueryKey[]; success?: (result: R, args: A) => string; onDone?: (result: R, args: A) => void } = {},
) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<ActionNotice | null>(null);
  const mutation = useMutation({
    mutationFn: fn,
    onSuccess: async (result, args) => {
      setNotice({ tone: "ok", text: options.success?.(result, args) ?? "Done." });
      options.onDone?.(result, args);
      await Promise.all((options.invalidate ?? []).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
    onError: (error) => setNotice({ tone: "error", text: error instanceof Error ? error.message : "The action failed." }),
  });
  return { run: mutation.mutate, runAsync: mutation.mutateAsync, pending: mutation.isPending, notice, clear: () => setNotice(null) };
}
