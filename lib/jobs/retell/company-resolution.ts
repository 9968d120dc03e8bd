// Which company a call belongs to and who the caller is.
// Company: by the Retell agent id first (one agent per company), else by the
// company's own number on the call. Customer: by the caller's number, created on first call.
import { UnrecoverableError } from "bullmq";
import type { RetellCall } from "../../retell/call";
import { callerNumber, companyNumber } from "../../retell/call";
import type { Tx } from "./tx";

/**
 * No company has this agent or number. Retrying cannot help until someone
 * configures the company, so it fails at once (retry it from the console after).
 */
export class UnknownCompany extends UnrecoverableError {
  override readonly name = "UnknownCompany";
  constructor(agentId: string, number: string | undefined) {
    super(`No company has Retell agent ${agentId}${number ? ` or phone number ${number}` : ""}`);
  }
}

export async function resolveCompanyId(tx: Tx, call: RetellCall): Promise<string> {
  const byAgent = await tx.company.findUnique({ where: { retellAgentId: call.agent_id }, select: { id: true } });
  if (byAgent) return byAgent.id;
  const number = companyNumber(call);
  if (number) {
    const byNumber = await tx.company.findUnique({ where: { phoneNumber: number }, select: { id: true } });
    if (byNumber) return byNumber.id;
  }
  throw new UnknownCompany(call.agent_id, number);
}

/** The caller as a Customer of the company; web calls carry no number and have none. */
export async function findOrCreateCustomerId(tx: Tx, companyId: string, call: RetellCall): Promise<string | undefined> {
  const phone = callerNumber(call);
  if (!phone) return undefined;
  const customer = await tx.customer.upsert({
    where: { companyId_phone: { companyId, phone } },
    create: { companyId, phone },
    update: {},
    select: { id: true },
  });
  return customer.id;
}
