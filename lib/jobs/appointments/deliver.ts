// Sends one message on one channel: email through SMTP, SMS and WhatsApp through
// the HTTP provider. The idempotency key makes a provider retry harmless (SMTP
// has no such key: callers record each delivered channel instead).
import type { Channel } from "./channels";
import { sendProviderMessage } from "./messaging-provider";
import { sendMail } from "../../mail";

export interface Recipient {
  email: string | null;
  phone: string | null;
}

export interface MessageContent {
  email: { subject: string; text: string };
  short: string;
}

export async function deliver(channel: Channel, to: Recipient, content: MessageContent, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<void> {
  switch (channel) {
    case "email":
      await sendMail({ to: to.email!, subject: content.email.subject, text: content.email.text });
      return;
    case "sms":
    case "whatsapp":
      await sendProviderMessage({ channel, to: to.phone!, body: content.short, idempotencyKey: opts.idempotencyKey }, { signal: opts.signal });
      return;
  }
}
