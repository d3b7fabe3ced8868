import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { sampleCandles } from '../test-support/model-fixture';
import { sagemakerEndpoint } from './remote-endpoint';

/** One recorded answer of the SageMaker runtime API, replayed by a local server. */
interface Replay {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const candles = sampleCandles('BTC').slice(-30);
const forecast = {
  symbol: 'BTC',
  lastObservedDate: '2024-02-11',
  lastClose: candles[candles.length - 1].close,
  generatedAt: '2024-02-12T06:00:01.000Z',
  modelVersion: 'v1',
  modelTrainedThrough: '2023-12-18',
  model: 'lstm/scale-free',
  horizon: 1,
  steps: [
    {
      horizonDay: 1,
      targetDate: '2024-02-12',
      predictedReturn: 0.01,
      predictedClose: candles[candles.length - 1].close * 1.01,
    },
  ],
  outOfDistribution: [],
};
const containerBody = JSON.stringify({
  error: 'MODEL_INSUFFICIENT_DATA',
  message: 'too few candles for BTC: need at least 74 rows, got 30',
});
const json = { 'content-type': 'application/json' };
let server: Server;
let replay: Replay;
let received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let client: SageMakerRuntimeClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(replay.status, replay.headers).end(replay.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new SageMakerRuntimeClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
});

beforeEach(() => {
  received = [];
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('sagemakerEndpoint', () => {
  it('sends one signed InvokeEndpoint with the JSON payload and reads the forecast', async () => {
    replay = {
      status: 200,
      headers: { ...json, 'x-amzn-invoked-production-variant': 'AllTraffic' },
      body: JSON.stringify({ forecasts: [forecast] }),
    };

    const outcome = await sagemakerEndpoint(client, 'crypto-forecast-infer').forecast(
      new Map([['BTC', candles]]),
      3,
    );

    expect(outcome).toEqual(new Map([['BTC', { ok: true, forecast }]]));
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/endpoints/crypto-forecast-infer/invocations');
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/sagemaker\/aws4_request/,
    );
    const sent = JSON.parse(received[0].body) as { candles: Record<string, unknown[]>; oodZLimit: number };
    expect(sent.oodZLimit).toBe(3);
    expect(sent.candles.BTC).toEqual(candles.map(({ symbol: _s, ...c }) => c));
  });

  it("reads SageMaker's ModelError carrying the container's 400 as a refusal of that symbol's candles", async () => {
    replay = {
      status: 424,
      headers: { ...json, 'x-amzn-errortype': 'ModelError' },
      body: JSON.stringify({
        OriginalStatusCode: 400,
        OriginalMessage: containerBody,
        LogStreamArn:
          'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/crypto-forecast-infer',
        message: `Received client error (400) from primary with message "${containerBody}". See the log stream for more information.`,
      }),
    };

    const outcome = await sagemakerEndpoint(client, 'crypto-forecast-infer').forecast(
      new Map([['BTC', candles]]),
      4,
    );

    expect(outcome).toEqual(
      new Map([
        [
          'BTC',
          {
            ok: false,
            status: 400,
            code: 'MODEL_INSUFFICIENT_DATA',
            reason: 'too few candles for BTC: need at least 74 rows, got 30',
          },
        ],
      ]),
    );
  });

  const failures: [string, Replay, RegExp][] = [
    [
      'the container failing (ModelError with a 500)',
      {
        status: 424,
        headers: { ...json, 'x-amzn-errortype': 'ModelError' },
        body: JSON.stringify({
          OriginalStatusCode: 500,
          OriginalMessage: '{"error":"INTERNAL"}',
          message: 'Received server error (500) from primary',
        }),
      },
      /Received server error \(500\)/,
    ],
    [
      'an unknown endpoint (ValidationError)',
      {
        status: 400,
        headers: { ...json, 'x-amzn-errortype': 'ValidationError' },
        body: JSON.stringify({
          message: 'Endpoint crypto-forecast-infer of account 123456789012 not found.',
        }),
      },
      /not found/,
    ],
    [
      'throttling',
      {
        status: 429,
        headers: { ...json, 'x-amzn-errortype': 'ThrottlingException' },
        body: JSON.stringify({ message: 'Rate exceeded' }),
      },
      /Rate exceeded/,
    ],
    [
      'a 200 that is not a forecast',
      { status: 200, headers: json, body: JSON.stringify({ predictions: [1, 2, 3] }) },
      /answered BTC with no \{"forecasts": \[one per symbol\]\} of 1 forecasts/,
    ],
    [
      'a forecast of another day',
      {
        status: 200,
        headers: json,
        body: JSON.stringify({ forecasts: [{ ...forecast, lastObservedDate: '2024-02-10' }] }),
      },
      /forecast of BTC from 2024-02-10, expected BTC from 2024-02-11/,
    ],
  ];

  it.each(failures)('fails with INFER_ENDPOINT_FAILED on %s', async (_name, answer, message) => {
    replay = answer;

    const outcome = sagemakerEndpoint(client, 'crypto-forecast-infer').forecast(
      new Map([['BTC', candles]]),
      4,
    );

    await expect(outcome).rejects.toMatchObject({ code: 'INFER_ENDPOINT_FAILED', kind: 'unavailable' });
    await expect(outcome).rejects.toThrow(message);
  });
});
