import { addDays } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import { alertsKey, getJson, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { alertDeliveryKey } from '../../monitor-keys';
import { writeDatasets } from '../../testing/fixtures';
import { randomWalkCandles } from '../../testing/random-walk';
import { alert } from '../alert';
import { runAlerts, type AlertsDocument } from '../run-alerts';
import type { AlertChannel } from './alert-channel';
import { alertsDocument } from './alerts-document-fixture';
import { deliverAlerts, type DeliveryReceipt } from './deliver-alerts';
import { snsChannel } from './sns-channel';
import { publishReply, snsErrorReply, startSnsServer, type SnsTestServer } from './sns-test-server';
import { webhookChannel } from './webhook-channel';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-test-receiver';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:crypto-alerts';
const NOW = new Date('2024-02-01T00:20:00.000Z');

describe('deliverAlerts', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let sns: SnsTestServer;
  let webhook: WebhookReceiver;
  let snsFails: boolean;
  let channels: AlertChannel[];
  const noWait = async () => undefined;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    snsFails = false;
    sns = await startSnsServer(() =>
      snsFails ? snsErrorReply(403, 'AuthorizationError', 'not allowed to publish') : publishReply('m-1'),
    );
    webhook = await startWebhookReceiver([200]);
    channels = [snsChannel(sns.client(), TOPIC), webhookChannel(webhook.url, fetch, { sleep: noWait })];
  });
  afterEach(async () => {
    await sns.close();
    await webhook.close();
    await cleanup();
  });

  const deps = () => ({ store, clock: () => NOW, logger: captureLogger().logger, channels });
  const receipt = (day = '2024-02-01') => getJson<DeliveryReceipt>(store, alertDeliveryKey(day));
  const stale: AlertsDocument = alertsDocument([
    alert('stale-data', 'ETH', 'ETH: the last candle is 4 days old', { ageDays: 4 }, { staleDays: 2 }),
  ]);

  it('sends the day to every channel once, and a re-run sends nothing again', async () => {
    const first = await deliverAlerts(deps(), stale);
    const second = await deliverAlerts(deps(), stale);

    expect(first).toEqual({ sent: ['sns', 'webhook'], skipped: [], failed: [] });
    expect(second).toEqual({ sent: [], skipped: ['sns', 'webhook'], failed: [] });
    expect(sns.requests).toHaveLength(1);
    expect(sns.requests[0].params['Message']).toContain('- [data] ETH: the last candle is 4 days old');
    expect(webhook.received).toHaveLength(1);
    expect(JSON.parse(webhook.received[0].body).text).toContain('1 alert for 2024-02-01 (1 data)');
    expect(await receipt()).toEqual({
      schemaVersion: 1,
      day: '2024-02-01',
      channels: {
        sns: {
          digest: expect.stringMatching(/^[0-9a-f]{64}$/),
          status: 'delivered',
          at: NOW.toISOString(),
          attempts: 1,
        },
        webhook: {
          digest: expect.stringMatching(/^[0-9a-f]{64}$/),
          status: 'delivered',
          at: NOW.toISOString(),
          attempts: 1,
        },
      },
    });
  });

  it('sends nothing for a day without alerts', async () => {
    const report = await deliverAlerts(deps(), alertsDocument([]));

    expect(report).toEqual({ sent: [], skipped: [], failed: [] });
    expect(sns.requests).toHaveLength(0);
    expect(await receipt()).toBeUndefined();
  });

  it('on a failed channel: tries the others, records it, throws; the next run retries only that channel', async () => {
    snsFails = true;

    const failed = deliverAlerts(deps(), stale);

    await expect(failed).rejects.toMatchObject({
      code: 'MONITOR_ALERT_DELIVERY_FAILED',
      channel: 'sns',
      message: expect.stringContaining(
        'the 1 alert(s) of 2024-02-01 are in the store, but delivery failed: SNS refused Publish',
      ),
    });
    expect(webhook.received).toHaveLength(1);
    expect((await receipt())?.channels['sns']).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: expect.stringContaining('not allowed'),
    });

    snsFails = false;
    const retried = await deliverAlerts(deps(), stale);

    expect(retried).toEqual({ sent: ['sns'], skipped: ['webhook'], failed: [] });
    expect(sns.requests).toHaveLength(2);
    expect(webhook.received).toHaveLength(1);
    expect((await receipt())?.channels['sns']).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('sends a day again, once, when its alerts changed', async () => {
    await deliverAlerts(deps(), stale);
    const changed = alertsDocument([
      ...stale.alerts,
      alert('volatility-regime', 'BTC', 'BTC: volatility is 2.4 times its training level', {}, {}),
    ]);

    await deliverAlerts(deps(), changed);
    await deliverAlerts(deps(), changed);

    expect(sns.requests).toHaveLength(2);
    expect(webhook.received).toHaveLength(2);
    expect(sns.requests[1].params['Subject']).toBe(
      'crypto-forecast: 2 alerts for 2024-02-01 (1 data, 1 regime)',
    );
  });

  describe('from runAlerts', () => {
    const calm = randomWalkCandles('CALM', '2023-01-01', 200, { seed: 1, volatility: () => 0.02 });
    const last = calm[calm.length - 1].date;

    it('writes the alerts file first, then delivers; a failed delivery leaves the file and fails the step', async () => {
      await writeDatasets(store, [calm]);
      snsFails = true;
      const capture = captureLogger();
      const alertDeps = {
        store,
        clock: () => new Date(`${addDays(last, 5)}T00:20:00.000Z`),
        logger: capture.logger,
        alerts: alertsDocument([]).settings,
        alertChannels: channels,
      };

      const run = runAlerts(alertDeps, last);

      await expect(run).rejects.toMatchObject({ code: 'MONITOR_ALERT_DELIVERY_FAILED' });
      const written = await getJson<AlertsDocument>(store, alertsKey(last));
      expect(written?.alerts.map((a) => [a.type, a.symbol])).toEqual([['stale-data', 'CALM']]);
      expect(webhook.received).toHaveLength(1);
      expect(capture.lines().filter((l) => l['msg'] === 'alert delivery failed')).toHaveLength(1);

      snsFails = false;
      await runAlerts(alertDeps, last);

      expect(sns.requests.map((r) => r.params['Subject'])).toEqual([
        `crypto-forecast: 1 alert for ${last} (1 data)`,
        `crypto-forecast: 1 alert for ${last} (1 data)`,
      ]);
      expect(webhook.received).toHaveLength(1);
    });
  });

  it('reads a receipt written by an earlier version of the day (unknown channels are kept)', async () => {
    await putJson(store, alertDeliveryKey('2024-02-01'), {
      schemaVersion: 1,
      day: '2024-02-01',
      channels: { email: { digest: 'x', status: 'delivered', at: NOW.toISOString(), attempts: 1 } },
    });

    await deliverAlerts(deps(), stale);

    expect(Object.keys((await receipt())!.channels).sort()).toEqual(['email', 'sns', 'webhook']);
  });
});
