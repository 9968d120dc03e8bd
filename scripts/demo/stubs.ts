// Local stand-ins the workers can reach while the demo runs: an SMTP sink at
// SMTP_URL, the SMS/WhatsApp provider at SMS_PROVIDER_URL and Cal.com at
// CALCOM_BASE_URL, when those point at this machine and nothing else listens
// there. The SMS provider fails a share of requests with 503, so the console
// shows retries.
import { startLocalCalcom, type LocalCalcom } from "../../lib/jobs/appointments/booking/testing/local-calcom";
import { startLocalSmsProvider, type LocalSmsProvider } from "../../lib/jobs/testing/local-sms-provider";
import { startLocalSmtp, type LocalSmtp } from "../../lib/jobs/testing/local-smtp";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function localPort(url: string): number | null {
  try {
    const u = new URL(url);
    return LOCAL_HOSTS.has(u.hostname) && u.port ? Number(u.port) : null;
  } catch {
    return null;
  }
}

export interface DemoStubs {
  smtp?: LocalSmtp;
  sms?: LocalSmsProvider;
  calcom?: LocalCalcom;
  notes: string[];
  close(): Promise<void>;
}

export interface StubUrls {
  smtp: string;
  sms: string;
  calcom: string;
}

export async function startDemoStubs(urls: StubUrls, smsFailureRate: number): Promise<DemoStubs> {
  const { smtp: smtpUrl, sms: smsUrl, calcom: calcomUrl } = urls;
  const stubs: DemoStubs = { notes: [], close: async () => {} };
  const smtpPort = localPort(smtpUrl);
  if (smtpPort) {
    stubs.smtp = await startLocalSmtp(smtpPort).catch(() => undefined);
    stubs.notes.push(stubs.smtp ? `SMTP sink on ${smtpUrl} (mail is kept in memory)` : `something already listens on ${smtpUrl}: using it for mail`);
  } else {
    stubs.notes.push(`mail goes to ${smtpUrl}`);
  }
  const smsPort = localPort(smsUrl);
  if (smsPort) {
    stubs.sms = await startLocalSmsProvider(smsPort).catch(() => undefined);
    if (stubs.sms) stubs.sms.failureRate = smsFailureRate;
    stubs.notes.push(stubs.sms ? `SMS/WhatsApp provider stand-in on ${smsUrl}, failing ${Math.round(smsFailureRate * 100)} % with 503` : `something already listens on ${smsUrl}: using it for SMS`);
  } else {
    stubs.notes.push(`SMS/WhatsApp go to ${smsUrl}`);
  }
  const calcomPort = localPort(calcomUrl);
  if (calcomPort) {
    stubs.calcom = await startLocalCalcom(calcomPort).catch(() => undefined);
    stubs.notes.push(stubs.calcom ? `Cal.com stand-in on ${calcomUrl} (bookings are accepted and kept in memory)` : `something already listens on ${calcomUrl}: using it for Cal.com`);
  } else {
    stubs.notes.push(`Cal.com bookings go to ${calcomUrl}`);
  }
  stubs.close = async () => {
    await Promise.allSettled([stubs.smtp?.close(), stubs.sms?.close(), stubs.calcom?.close()]);
  };
  return stubs;
}
