export { createMailTransport, mailTransport, sendMail, type MailMessage } from "./transport";
export { postSlackMessage, type WebhookMessage } from "./slack";
