import { loadConfig } from './config';
import { createInferHandler, requestFromEvent } from './handler';

const config = loadConfig({ INFER_SYMBOLS: 'BTC,ETH', MAX_MODEL_AGE_DAYS: '30', OOD_Z_LIMIT: '5' });
const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2024-02-12T06:00:00Z' };

describe('requestFromEvent', () => {
  it('runs the configured request on a scheduled event (and on an empty test event)', () => {
    const expected = { symbols: ['BTC', 'ETH'], modelVersion: 'latest', oodZLimit: 5, maxModelAgeDays: 30 };

    expect(requestFromEvent(scheduled, config)).toEqual(expected);
    expect(requestFromEvent({}, config)).toEqual(expected);
    expect(requestFromEvent(undefined, config)).toEqual(expected);
  });

  it('takes symbols and a model version from a manual invocation', () => {
    expect(requestFromEvent({ symbols: ['SOL'], modelVersion: 'v2' }, config)).toMatchObject({
      symbols: ['SOL'],
      modelVersion: 'v2',
      maxModelAgeDays: 30,
    });
  });

  it.each([
    ['a string', 'BTC', /event must be an EventBridge scheduled event/],
    [
      'symbols that are not strings',
      { symbols: [1] },
      /event field 'symbols' must be an array of strings, got \[1\]/,
    ],
    ['a numeric model version', { modelVersion: 2 }, /event field 'modelVersion' must be a string, got 2/],
  ])('refuses %s', (_name, event, message) => {
    expect(() => requestFromEvent(event, config)).toThrow(message);
  });
});

describe('createInferHandler', () => {
  it('fails every invocation with the full list of configuration problems, logged once', async () => {
    const written: string[] = [];
    const destination = { write: (line: string) => void written.push(line) };
    const handler = createInferHandler({ INFER_SYMBOLS: 'btc', OOD_Z_LIMIT: '0' }, { destination });

    const run = handler(scheduled, { awsRequestId: 'r-1', functionName: 'infer' });

    await expect(run).rejects.toMatchObject({
      code: 'SERVICE_CONFIG',
      message: expect.stringMatching(/INFER_SYMBOLS.*OOD_Z_LIMIT/),
    });
    const failures = written
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.level === 'error');
    expect(failures).toEqual([
      expect.objectContaining({ msg: 'invocation failed', code: 'SERVICE_CONFIG', requestId: 'r-1' }),
    ]);
  });
});
