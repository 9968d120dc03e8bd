// Every AskProAI job, imported so that defineJob() registers it in the worker
// processes (and anywhere that dispatches by name). Append new job modules here.
export * from "./retell/process-retell-webhook";
export * from "./appointments/record-appointment-request";
export * from "./appointments/send-appointment-confirmation";
export * from "./appointments/send-appointment-reminder";
export * from "./billing/process-payment";
export * from "./reports/generate-monthly-report";
// Batches and chains (issue 5): their attempt hooks must be registered in every worker process.
import "../queue/batches";
import "../queue/chains";
export * from "./billing/process-company-billing";
export * from "./billing/process-monthly-billing";
export * from "./appointments/booking/validate-booking-data";
export * from "./appointments/booking/check-availability";
export * from "./appointments/booking/create-appointment";
export * from "./appointments/booking/create-calcom-booking";
export * from "./appointments/booking/send-confirmations";
export * from "./appointments/booking/update-statistics";
export * from "./appointments/booking/rollback-booking";
export * from "./appointments/booking/process-appointment-booking";
