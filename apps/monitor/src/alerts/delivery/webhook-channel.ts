import { AlertDeliveryError } from '../../errors';
import type { AlertChannel } from './alert-channel';

/** How hard a webhook is tried before the delivery counts as failed. */
export interface WebhookOptions {
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Attempts on a network error, a timeout, 429 or 5xx; default 3. A 4xx other than 429 is not retried. */
  readonly attempts?: number;
  /** Wait before attempt n (n >= 2); default 1 s, 2 s, ... */
  readonly backoffMs?: (attempt: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Posts alerts to a webhook (`MONITOR_ALERT_WEBHOOK_URL`) as Slack-compatible JSON (`text` and `blocks`),
 * which Slack's incoming webhooks and most chat tools accept. Any 2xx answer is success.
 *
 * @example
 * const channel = webhookChannel('https://hooks.slack.com/services/T/B/X', fetch);
 */
export function webhookChannel(
  url: string,
  fetchFn: typeof fetch,
  options: WebhookOptions = {},
): AlertChannel {
  const attempts = options.attempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = options.backoffMs ?? ((attempt: number) => (attempt - 1) * 1000);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // The URL of a Slack webhook is its secret: errors name only its host.
  const where = new URL(url).host;
  return {
    name: 'webhook',
    send: async (message) => {
      let last = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) await sleep(backoff(attempt));
        let status: number;
        try {
          const response = await fetchFn(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(message.slack),
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = response.status;
          last = `HTTP ${status} ${(await response.text()).slice(0, 200)}`.trim();
        } catch (error) {
          last = (error as Error).message;
          continue;
        }
        if (status >= 200 && status < 300) return;
        if (status !== 429 && status < 500) break;
      }
      throw new AlertDeliveryError('webhook', `the webhook at ${where} did not accept the alerts: ${last}`);
    },
  };
}
