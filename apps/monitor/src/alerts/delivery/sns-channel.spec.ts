import { AlertDeliveryError } from '../../errors';
import type { AlertMessage } from './alert-message';
import { snsChannel } from './sns-channel';
import { publishReply, snsErrorReply, startSnsServer, type SnsTestServer } from './sns-test-server';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:crypto-alerts';
const MESSAGE: AlertMessage = {
  subject: 'crypto-forecast: 1 alert for 2024-02-01 (1 data)',
  text: 'crypto-forecast: 1 alert\n\n- [data] BTC: the last candle is 3 days old & stale',
  slack: { text: 'unused here', blocks: [] },
};

describe('snsChannel', () => {
  let server: SnsTestServer | undefined;
  afterEach(async () => server?.close());

  it('publishes the subject and text to the topic through the real SDK client (query protocol)', async () => {
    server = await startSnsServer(() => publishReply('5b8c0a4e-1111-2222-3333-444455556666'));

    await snsChannel(server.client(), TOPIC).send(MESSAGE);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].params).toEqual({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: TOPIC,
      Subject: MESSAGE.subject,
      Message: MESSAGE.text,
    });
    expect(server.requests[0].headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(server.requests[0].headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });

  it('names the topic and SNS refusal in a typed error', async () => {
    server = await startSnsServer(() => snsErrorReply(404, 'NotFound', 'Topic does not exist'));

    const sent = snsChannel(server.client(), TOPIC).send(MESSAGE);

    await expect(sent).rejects.toBeInstanceOf(AlertDeliveryError);
    await expect(sent).rejects.toMatchObject({
      code: 'MONITOR_ALERT_DELIVERY_FAILED',
      kind: 'unavailable',
      channel: 'sns',
      message: `SNS refused Publish to ${TOPIC}: Topic does not exist`,
    });
  });

  it("relies on the SDK's retries for server errors: a 500 then a success delivers once", async () => {
    let calls = 0;
    server = await startSnsServer(() =>
      ++calls === 1 ? snsErrorReply(500, 'InternalError', 'try again') : publishReply('second-try'),
    );

    await snsChannel(server.client({ maxAttempts: 3 }), TOPIC).send(MESSAGE);

    expect(server.requests.map((r) => r.action)).toEqual(['Publish', 'Publish']);
  });
});
