// A local stand-in for Cal.com's v2 booking API, for tests and demos: records
// every request and answers like Cal.com does.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";

export interface CalcomRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface LocalCalcom {
  url: string;
  requests: CalcomRequest[];
  creates(): CalcomRequest[];
  cancels(): CalcomRequest[];
  /** The status new bookings get ("pending" = waits for manual confirmation). */
  bookingStatus: "accepted" | "pending";
  /** Answer this many creates with 503 first. */
  failNextCreates: number;
  close(): Promise<void>;
}

export async function startLocalCalcom(port = 0, host = "127.0.0.1"): Promise<LocalCalcom> {
  const state: Omit<LocalCalcom, "url" | "close"> = {
    requests: [],
    creates: () => state.requests.filter((r) => r.method === "POST" && r.path === "/v2/bookings"),
    cancels: () => state.requests.filter((r) => r.method === "POST" && /^\/v2\/bookings\/[^/]+\/cancel$/.test(r.path)),
    bookingStatus: "accepted",
    failNextCreates: 0,
  };
  const bookings = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { raw };
      }
      state.requests.push({ method: req.method ?? "GET", path, body, headers: req.headers });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.method === "POST" && path === "/v2/bookings") {
        if (state.failNextCreates > 0) {
          state.failNextCreates--;
          return send(503, { status: "error", error: { message: "temporarily unavailable" } });
        }
        const uid = `bk_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
        bookings.set(uid, state.bookingStatus);
        return send(201, { status: "success", data: { id: bookings.size, uid, status: state.bookingStatus, start: body.start } });
      }
      const cancel = /^\/v2\/bookings\/([^/]+)\/cancel$/.exec(path);
      if (req.method === "POST" && cancel) {
        if (!bookings.has(cancel[1])) return send(404, { status: "error", error: { message: "booking not found" } });
        bookings.set(cancel[1], "cancelled");
        return send(200, { status: "success", data: { uid: cancel[1], status: "cancelled" } });
      }
      send(404, { status: "error", error: { message: `no route ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject); // a taken port (the demo then uses whatever listens there)
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://${host}:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as LocalCalcom;
}
