"use client";
// Whether the signed-in user may act (ADMIN). Until /api/me answers, nobody
// may: action buttons start disabled and a viewer never sees them enabled.
// The route handlers enforce the same rule (403), this only keeps the UI honest.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./index";
import { queryKeys } from "./query-keys";

interface Me {
  user: { id: string; email: string; name: string | null; role: "ADMIN" | "VIEWER" };
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => apiFetch<Me>("/api/me", { signal }), staleTime: 60_000 });
}

export function useCanAct(): boolean {
  return useMe().data?.user.role === "ADMIN";
}
