import { alert } from '../alert';
import { alertMessage } from './alert-message';
import { alertsDocument } from './alerts-document-fixture';

describe('alertMessage', () => {
  const document = alertsDocument([
    alert(
      'degradation-ratio',
      'ALL',
      "ALL: over 2024-01-03..2024-02-01 the model's MAE is 1.080 times persistence's",
      {},
      {},
    ),
    alert(
      'stale-data',
      'ETH',
      'ETH: the last candle is from 2024-01-28, 4 days before 2024-02-01 — <late>',
      {},
      {},
    ),
  ]);

  it('summarizes the day by family, lists every alert and says where to look', () => {
    const message = alertMessage(document, { storeUrl: 's3://my-bucket/' });

    expect(message.subject).toBe('crypto-forecast: 2 alerts for 2024-02-01 (1 degradation, 1 data)');
    expect(message.text.split('\n')).toEqual([
      'crypto-forecast: 2 alerts for 2024-02-01 (1 degradation, 1 data)',
      '',
      "- [degradation] ALL: over 2024-01-03..2024-02-01 the model's MAE is 1.080 times persistence's",
      '- [data] ETH: the last candle is from 2024-01-28, 4 days before 2024-02-01 — <late>',
      '',
      'Model: 20240101T000000Z-abcdef12',
      'Dashboard: s3://my-bucket/monitoring/dashboard/index.html',
      'Alerts file: s3://my-bucket/monitoring/alerts/dt=2024-02-01/alerts.json',
    ]);
  });

  it('gives Slack a fallback text and blocks, with mrkdwn markup escaped', () => {
    const { slack } = alertMessage(document, { storeUrl: 's3://my-bucket' });

    expect(slack.text).toContain('2 alerts for 2024-02-01');
    expect(slack.blocks.map((b) => b['type'])).toEqual(['header', 'section', 'context']);
    expect(JSON.stringify(slack.blocks[1])).toContain('&lt;late&gt;');
  });

  it('keeps the subject to one ASCII line of at most 100 characters', () => {
    const many = alertsDocument(
      [
        'degradation-ratio',
        'degradation-direction',
        'stale-data',
        'missing-data',
        'data-gap',
        'extreme-move',
        'volatility-regime',
        'feature-drift',
      ].map((type) => alert(type as Parameters<typeof alert>[0], 'BTC', 'x', {}, {})),
    );

    const { subject } = alertMessage(many, { storeUrl: './data' });

    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
