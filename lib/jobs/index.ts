// Every AskProAI job, imported so that defineJob() registers it in the worker
// processes (and anywhere that dispatches by name). Append new job modules here.
export * from "./retell/process-retell-webhook";
export * from "./appointments/record-appointment-request";
export * from "./appointments/send-appointment-confirmation";
export * from "./appointments/send-appointment-reminder";
export * from "./billing/process-payment";
export * from "./reports/generate-monthly-report";
