// Retell traffic against the running console: each simulated call posts
// call_started → call_ended → call_analyzed, signed as Retell signs them, with
// Retell-like duplicates (retries) and the occasional bad delivery.
import { newRetellCallId, retellEnvelope, signedDelivery } from "../../lib/retell/fixtures";
import type { DemoCompany } from "./seed";

export interface TrafficOptions {
  url: string;
  key: string;
  /** Share of deliveries sent again (Retell retrying). */
  duplicateRate: number;
  /** Share of calls that also send one bad delivery (wrong key, stale, not JSON, not Retell). */
  badRate: number;
  /** Share of analysed calls that ask for an appointment. */
  appointmentRate: number;
}

export class TrafficStats {
  readonly byStatus = new Map<number, number>();
  deliveries = 0;
  duplicates = 0;
  bad = 0;
  calls = 0;
  count(status: number): void {
    this.deliveries++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  summary(): string {
    const statuses = [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
    return `${this.calls} calls, ${this.deliveries} deliveries (${this.duplicates} duplicates, ${this.bad} deliberately bad): ${statuses}`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** Posts one delivery; a 503 webhook_key_missing is surfaced so the demo can explain it. */
async function post(o: TrafficOptions, body: string, headers: Record<string, string>, stats: TrafficStats): Promise<number> {
  const response = await fetch(`${o.url}/api/retell/webhook`, { method: "POST", body, headers });
  stats.count(response.status);
  if (response.status === 503) {
    const text = await response.text();
    if (text.includes("webhook_key_missing")) throw new Error("webhook_key_missing");
  } else {
    await response.arrayBuffer();
  }
  return response.status;
}

async function deliver(o: TrafficOptions, payload: unknown, stats: TrafficStats, retried = Math.random() < o.duplicateRate): Promise<void> {
  const { body, headers } = signedDelivery(payload, o.key);
  await post(o, body, headers, stats);
  if (retried) {
    // Retell re-sends the same body (new signature timestamp) when it saw no 2xx in time.
    const copies = Math.random() < 0.3 ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      stats.duplicates++;
      await sleep(50 + Math.random() * 400);
      const again = signedDelivery(payload, o.key);
      await post(o, again.body, again.headers, stats);
    }
  }
}

type BadKind = "wrong-key" | "stale" | "not-json" | "not-retell";

async function badDelivery(o: TrafficOptions, payload: unknown, stats: TrafficStats, kind: BadKind = pick(["wrong-key", "stale", "not-json", "not-retell"] as const)): Promise<void> {
  stats.bad++;
  const body = JSON.stringify(payload);
  const signed = (text: string, ts?: number) => signedDelivery(text, kind === "wrong-key" ? "key_not_retells" : o.key, ts);
  const d =
    kind === "stale" ? signed(body, Date.now() - 10 * 60_000)
    : kind === "not-json" ? signed(body.slice(0, body.length / 2))
    : kind === "not-retell" ? signed(JSON.stringify({ type: "ping", id: newRetellCallId() }))
    : signed(body);
  await post(o, d.body, d.headers, stats);
}

function appointmentRequest(): Record<string, unknown> {
  const start = new Date(Date.now() + (1 + Math.floor(Math.random() * 10)) * 86_400_000);
  start.setUTCHours(8 + Math.floor(Math.random() * 8), Math.random() < 0.5 ? 0 : 30, 0, 0);
  return { starts_at: start.toISOString(), service: pick(["Haircut", "Consultation", "Inspection", "Colour"]), duration_minutes: pick([30, 45, 60]) };
}

export interface CallKind {
  /** For an agent no company has: the job fails (UnknownCompany). */
  unconfigured?: boolean;
  /**
   * The first call of a run: it asks for an appointment, Retell retries its
   * call_started and a forged copy is refused (401), so a short run already
   * shows each of those on the console instead of leaving them to chance.
   */
  showcase?: boolean;
}

/** One call's life. */
export async function simulateCall(o: TrafficOptions, company: DemoCompany, stats: TrafficStats, { unconfigured = false, showcase = false }: CallKind = {}): Promise<void> {
  stats.calls++;
  const customer = pick(company.customers);
  const wantsAppointment = showcase || Math.random() < o.appointmentRate;
  const facts = {
    callId: newRetellCallId(),
    agentId: unconfigured ? "agent_demo_not_configured" : company.agentId,
    fromNumber: customer.phone,
    toNumber: unconfigured ? "+4969555000999" : company.phoneNumber,
    startedAt: Date.now(),
    durationMs: 20_000 + Math.floor(Math.random() * 240_000),
    sentiment: pick(["Positive", "Positive", "Neutral", "Negative"] as const),
    successful: showcase || Math.random() < 0.85,
    customAnalysis: wantsAppointment ? { appointment_request: appointmentRequest() } : { topic: pick(["opening hours", "prices", "directions"]) },
  };
  await deliver(o, retellEnvelope("call_started", facts), stats, showcase || undefined);
  if (showcase) await badDelivery(o, retellEnvelope("call_started", facts), stats, "wrong-key");
  else if (Math.random() < o.badRate) await badDelivery(o, retellEnvelope("call_started", facts), stats);
  await sleep(300 + Math.random() * 1_200);
  if (Math.random() < 0.3) await deliver(o, retellEnvelope("transcript_updated", facts), stats);
  await deliver(o, retellEnvelope("call_ended", facts), stats);
  await sleep(200 + Math.random() * 800);
  await deliver(o, retellEnvelope("call_analyzed", facts), stats);
}
