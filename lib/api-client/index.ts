// The browser's one way to call the console's route handlers: JSON in and out,
// errors as ApiError, and a 401 (session ended) sends the user to /login.
import { ApiError } from "./api-error";

export { ApiError } from "./api-error";
export { queryKeys } from "./query-keys";

export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: ApiRequest["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  return new ApiError(
    response.status,
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? `The server answered ${response.status}.`,
    body?.error?.details,
  );
}

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const { method = "GET", body, query, signal } = request;
  const response = await fetch(withQuery(path, query), {
    method,
    signal,
    credentials: "same-origin",
    headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && typeof window !== "undefined") {
    // The page was rendered for a signed-in user, so a 401 now means the session ended (expired or disabled).
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}&error=SessionEnded`);
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
