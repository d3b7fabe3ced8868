import { AlertDeliveryError } from '../../errors';
import type { AlertMessage } from './alert-message';
import { webhookChannel } from './webhook-channel';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-test-receiver';

const MESSAGE: AlertMessage = {
  subject: 's',
  text: 'fallback text',
  slack: { text: 'fallback text', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '• BTC' } }] },
};

describe('webhookChannel', () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  let receiver: WebhookReceiver | undefined;
  beforeEach(() => (waits.length = 0));
  afterEach(async () => receiver?.close());

  it('posts the Slack-compatible JSON body once when the receiver answers 200', async () => {
    receiver = await startWebhookReceiver([200]);

    await webhookChannel(receiver.url, fetch, { sleep }).send(MESSAGE);

    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ method: 'POST', path: '/services/T000/B000/secret-token' });
    expect(receiver.received[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(receiver.received[0].body)).toEqual(MESSAGE.slack);
  });

  it('retries 5xx and 429 with a growing wait, then succeeds', async () => {
    receiver = await startWebhookReceiver([503, 429, 200]);

    await webhookChannel(receiver.url, fetch, { sleep }).send(MESSAGE);

    expect(receiver.received).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('does not retry a 4xx refusal, and names only the host (the URL path is the secret)', async () => {
    receiver = await startWebhookReceiver([400]);

    const sent = webhookChannel(receiver.url, fetch, { sleep }).send(MESSAGE);

    await expect(sent).rejects.toBeInstanceOf(AlertDeliveryError);
    const error = (await sent.catch((e: unknown) => e)) as AlertDeliveryError;
    expect(error.message).toBe(
      `the webhook at ${new URL(receiver.url).host} did not accept the alerts: HTTP 400 invalid_payload`,
    );
    expect(error.message).not.toContain('secret-token');
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up after the attempts when nothing listens', async () => {
    receiver = await startWebhookReceiver([200]);
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;

    const sent = webhookChannel(url, fetch, { sleep, attempts: 2 }).send(MESSAGE);

    await expect(sent).rejects.toMatchObject({ code: 'MONITOR_ALERT_DELIVERY_FAILED', channel: 'webhook' });
    expect(waits).toEqual([1000]);
  });
});
