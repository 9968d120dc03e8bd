// A local stand-in for the SMS/WhatsApp provider (lib/jobs/appointments/messaging-provider.ts):
// records every POST /messages and answers like the provider. `failNext` makes the
// next answers fail with a status, to exercise retries (tests, demo).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedMessage {
  channel: string;
  to: string;
  body: string;
  idempotencyKey: string | undefined;
}

export interface LocalSmsProvider {
  url: string;
  received: ReceivedMessage[];
  /** Answer the next `times` requests with `status` (e.g. 503 → retry, 400 → rejected). */
  failNext(status: number, times?: number): void;
  /** Fraction (0–1) of requests answered 503, for demo traffic. */
  failureRate: number;
  close(): Promise<void>;
}

export async function startLocalSmsProvider(port = 0, host = "127.0.0.1"): Promise<LocalSmsProvider> {
  const received: ReceivedMessage[] = [];
  const seen = new Map<string, string>();
  const failures: number[] = [];
  let sequence = 0;
  const state = { failureRate: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/messages") return reply(404, { error: "not found" });
      const forced = failures.shift();
      if (forced !== undefined) return reply(forced, { error: `forced ${forced}` });
      if (state.failureRate > 0 && Math.random() < state.failureRate) return reply(503, { error: "provider busy" });
      let message: { channel?: string; to?: string; body?: string };
      try {
        message = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reply(400, { error: "invalid json" });
      }
      if (!message.to || !message.body || !["sms", "whatsapp"].includes(message.channel ?? "")) return reply(422, { error: "to, body, channel required" });
      const key = req.headers["idempotency-key"] as string | undefined;
      // Like real providers: a repeated idempotency key returns the first message, sends nothing.
      if (key && seen.has(key)) return reply(200, { id: seen.get(key) });
      const id = `msg_${++sequence}`;
      if (key) seen.set(key, id);
      received.push({ channel: message.channel!, to: message.to, body: message.body, idempotencyKey: key });
      reply(201, { id });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    received,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    get failureRate() {
      return state.failureRate;
    },
    set failureRate(value: number) {
      state.failureRate = value;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
