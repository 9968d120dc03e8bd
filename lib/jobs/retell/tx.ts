// The Prisma handle domain effects take: a transaction client, so the caller
// decides what commits together (ProcessRetellWebhook: effects + WebhookEvent).
import type { Prisma } from "../../db/generated/client";

export type Tx = Prisma.TransactionClient;
