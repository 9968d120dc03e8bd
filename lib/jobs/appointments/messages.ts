// The words customers receive. Pure.
export const DEFAULT_TIME_ZONE = "Europe/Berlin";

export interface AppointmentText {
  companyName: string;
  customerName: string | null;
  service: string;
  startsAt: Date;
}

export function formatStart(startsAt: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone }).format(startsAt);
}

function greeting(name: string | null): string {
  return name ? `Hello ${name},` : "Hello,";
}

export function confirmationEmail(a: AppointmentText): { subject: string; text: string } {
  return {
    subject: `Your appointment with ${a.companyName} on ${formatStart(a.startsAt)}`,
    text: [
      greeting(a.customerName),
      "",
      `your appointment for ${a.service} with ${a.companyName} is confirmed for ${formatStart(a.startsAt)}.`,
      "",
      "If you need to move or cancel it, simply call us back.",
    ].join("\n"),
  };
}

export function confirmationShortText(a: AppointmentText): string {
  return `${a.companyName}: your ${a.service} appointment is confirmed for ${formatStart(a.startsAt)}.`;
}

export function reminderEmail(a: AppointmentText): { subject: string; text: string } {
  return {
    subject: `Reminder: ${a.service} with ${a.companyName} tomorrow`,
    text: [greeting(a.customerName), "", `a reminder of your appointment for ${a.service} with ${a.companyName} on ${formatStart(a.startsAt)}.`].join("\n"),
  };
}

export function reminderShortText(a: AppointmentText): string {
  return `${a.companyName}: reminder of your ${a.service} appointment on ${formatStart(a.startsAt)}.`;
}
