// ProcessPayment (the seed's, on `critical`): settle one Payment exactly once.
// Declines are permanent failures (no retry); anything else retries with backoff.
import { z } from "zod";
import { prisma } from "../../db/client";
import { defineJob } from "../../queue";
import { settlePayment } from "./settle-payment";

export const processPaymentPayload = z.object({ paymentId: z.string().min(1) });
export type ProcessPaymentPayload = z.infer<typeof processPaymentPayload>;

export const ProcessPayment = defineJob({
  name: "ProcessPayment",
  queue: "critical",
  payload: processPaymentPayload,
  tries: 5,
  backoff: [5, 30, 60, 180, 600],
  uniqueId: (p) => `payment-${p.paymentId}`,
  tags: (p) => [`payment:${p.paymentId}`],
  async handle(ctx) {
    const result = await settlePayment(prisma(), ctx.payload.paymentId);
    ctx.logger.info({ paymentId: ctx.payload.paymentId, ...result }, "payment processed");
    return result;
  },
});
