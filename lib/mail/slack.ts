// Posts to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat
// accept `{ text }`). Generic: failure digests and long-wait alerts both use it.

export interface WebhookMessage {
  text: string;
}

/** POSTs `{ text }`; throws on a non-2xx answer or after `timeoutMs`. */
export async function postSlackMessage(url: string, message: WebhookMessage, timeoutMs = 5_000): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    throw new Error(`Slack webhook answered ${response.status}: ${body.slice(0, 200)}`);
  }
}
