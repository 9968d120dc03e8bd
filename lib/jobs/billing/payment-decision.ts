// Whether a payment may be settled. Pure.
export interface PaymentFacts {
  status: string;
  amountCents: number;
  currency: string;
  companyActive: boolean;
}

export type PaymentDecision =
  | { action: "settle" }
  | { action: "skip"; reason: "already-succeeded" | "already-failed" }
  | { action: "decline"; reason: string };

const CURRENCIES = new Set(["EUR", "CHF", "USD", "GBP"]);

export function paymentDecision(p: PaymentFacts): PaymentDecision {
  if (p.status === "SUCCEEDED") return { action: "skip", reason: "already-succeeded" };
  if (p.status === "FAILED") return { action: "skip", reason: "already-failed" };
  if (!Number.isInteger(p.amountCents) || p.amountCents <= 0) return { action: "decline", reason: `invalid amount ${p.amountCents} cents` };
  if (!CURRENCIES.has(p.currency)) return { action: "decline", reason: `unsupported currency ${p.currency}` };
  if (!p.companyActive) return { action: "decline", reason: "the company is not active" };
  return { action: "settle" };
}
