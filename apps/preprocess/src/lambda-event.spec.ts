import { InvalidRunRequestError } from './errors';
import { decideLambdaRun } from './lambda-event';
import { s3Event, scheduledEvent } from './test-support/aws-events';

describe('decideLambdaRun', () => {
  const btc = 'raw/source=csv/symbol=BTC/dt=2024-02-11/candles.json';

  it('runs for the decoded raw/ keys of an S3 notification, without the store prefix', () => {
    expect(decideLambdaRun(s3Event('b', [`prod/${btc}`, `prod/${btc}`]), 'prod')).toEqual({
      run: true,
      request: { rawKeys: [btc] },
    });
    expect(decideLambdaRun(s3Event('b', [btc]), '')).toEqual({ run: true, request: { rawKeys: [btc] } });
  });

  it('ignores keys outside raw/ (its own writes) and events other than ObjectCreated', () => {
    const own = 'prod/processed/daily/_manifest.json';
    expect(decideLambdaRun(s3Event('b', [own]), 'prod')).toEqual({
      run: false,
      reason: 'no valid ObjectCreated key under prod/raw/ in the S3 event',
      ignoredKeys: [own],
    });
    expect(decideLambdaRun(s3Event('b', [btc], 'ObjectRemoved:Delete'), '')).toMatchObject({ run: false });
    expect(decideLambdaRun(s3Event('b', [btc]), 'other')).toMatchObject({ run: false, ignoredKeys: [btc] });
  });

  it('ignores keys that are not valid store keys instead of failing the invocation; the run lists them', () => {
    const stray = 'prod/raw/source=csv/symbol=BTC/dt=2024-02-11/candles\\copy.json';
    const control = 'prod/raw/notes\u007f.txt';

    expect(decideLambdaRun(s3Event('b', [stray, `prod/${btc}`, control]), 'prod')).toEqual({
      run: true,
      request: { rawKeys: [btc] },
    });
    expect(decideLambdaRun(s3Event('b', [stray]), 'prod')).toEqual({
      run: false,
      reason: 'no valid ObjectCreated key under prod/raw/ in the S3 event',
      ignoredKeys: [stray],
    });
  });

  it('runs incrementally for a scheduled event, and reads other events as run requests', () => {
    expect(decideLambdaRun(scheduledEvent(), '')).toEqual({ run: true, request: {} });
    expect(decideLambdaRun({ full: true }, '')).toEqual({ run: true, request: { full: true } });
    expect(() => decideLambdaRun({ rebuild: true }, '')).toThrow(InvalidRunRequestError);
  });
});
