// Outbound mail for every part of Switchyard (failure digests, long-wait alerts,
// reports): one nodemailer transport from SMTP_URL, sender MAIL_FROM.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** @defaultValue env MAIL_FROM */
  from?: string;
}

let cached: { url: string; transport: Transporter } | undefined;

/** A transport for `url` (smtp://, smtps://, with credentials in the URL when needed). */
export function createMailTransport(url: string = env().SMTP_URL): Transporter {
  return nodemailer.createTransport(url);
}

/** The process's transport for SMTP_URL, created once (re-created if the URL changed, e.g. in tests). */
export function mailTransport(): Transporter {
  const url = env().SMTP_URL;
  if (!cached || cached.url !== url) {
    cached?.transport.close();
    cached = { url, transport: createMailTransport(url) };
  }
  return cached.transport;
}

/** Sends one message; resolves with the SMTP message id. */
export async function sendMail(message: MailMessage, transport: Transporter = mailTransport()): Promise<string> {
  const info = await transport.sendMail({ ...message, from: message.from ?? env().MAIL_FROM });
  return String(info.messageId ?? "");
}
