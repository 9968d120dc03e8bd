// Realistic Retell deliveries (the shape of retell-sdk's PhoneCallResponse inside
// Retell's `{ event, call }` envelope), signed as Retell signs them. Used by the
// integration tests, `npm run demo` and bench/webhook.
import { randomBytes } from "node:crypto";
import { signRetellBody } from "./signature";

export interface CallFacts {
  callId?: string;
  agentId: string;
  fromNumber?: string;
  toNumber?: string;
  direction?: "inbound" | "outbound";
  startedAt?: number;
  durationMs?: number;
  customAnalysis?: Record<string, unknown>;
  summary?: string;
  sentiment?: "Positive" | "Neutral" | "Negative" | "Unknown";
  successful?: boolean;
}

/** Retell call ids are 32 url-safe characters. */
export function newRetellCallId(): string {
  return randomBytes(24).toString("base64url").slice(0, 32);
}

type Json = Record<string, unknown>;

function baseCall(f: Required<Pick<CallFacts, "callId" | "agentId" | "startedAt">> & CallFacts): Json {
  return {
    call_type: "phone_call",
    call_id: f.callId,
    agent_id: f.agentId,
    agent_version: 3,
    call_status: "ongoing",
    direction: f.direction ?? "inbound",
    from_number: f.fromNumber ?? "+4915112345678",
    to_number: f.toNumber ?? "+4930123456",
    start_timestamp: f.startedAt,
    metadata: {},
    retell_llm_dynamic_variables: { customer_name: "Max Mustermann" },
  };
}

/** The call object of `event`, as Retell sends it at that point of the call. */
export function retellCall(event: string, facts: CallFacts): Json {
  const f = { callId: newRetellCallId(), startedAt: Date.now() - 120_000, ...facts };
  const call = baseCall(f);
  if (event === "call_started") return call;
  const durationMs = f.durationMs ?? 95_000;
  const ended = {
    ...call,
    call_status: "ended",
    end_timestamp: f.startedAt + durationMs,
    duration_ms: durationMs,
    disconnection_reason: "user_hangup",
    transcript: "Agent: Hello, this is the AskProAI assistant. How can I help?\nUser: I would like to book an appointment.\nAgent: Of course.",
    recording_url: `https://dxc03zgurdly9.cloudfront.net/${f.callId}/recording.wav`,
    public_log_url: `https://dxc03zgurdly9.cloudfront.net/${f.callId}/public.log`,
  };
  if (event !== "call_analyzed") return ended;
  return {
    ...ended,
    call_analysis: {
      call_summary: f.summary ?? "The caller asked to book an appointment.",
      in_voicemail: false,
      user_sentiment: f.sentiment ?? "Positive",
      call_successful: f.successful ?? true,
      custom_analysis_data: f.customAnalysis ?? {},
    },
  };
}

export function retellEnvelope(event: string, facts: CallFacts): { event: string; call: Json } {
  return { event, call: retellCall(event, facts) };
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** A body and the headers Retell sends with it. */
export function signedDelivery(payload: unknown, apiKey: string, timestamp: number = Date.now()): SignedDelivery {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return { body, headers: { "content-type": "application/json", "x-retell-signature": signRetellBody(body, apiKey, timestamp) } };
}
