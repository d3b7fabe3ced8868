import { InvalidKeyError, ObjectNotFoundError, StoreUnavailableError } from '@cf/storage';
import { describeError, exitCodeFor, httpStatusFor } from './error-mapping';
import { BusyError, ConfigError, ServiceError } from './errors';

describe('error mapping', () => {
  it.each([
    ['input', 400, 2],
    ['not-found', 404, 3],
    ['conflict', 409, 4],
    ['unavailable', 503, 5],
    ['internal', 500, 1],
  ] as const)('maps kind %s to HTTP %i and exit code %i', (kind, status, exitCode) => {
    const error = new ServiceError('TEST_X', kind, 'x');

    expect(httpStatusFor(error)).toBe(status);
    expect(exitCodeFor(error)).toBe(exitCode);
  });

  it("maps other libraries' typed errors by their kind", () => {
    expect(httpStatusFor(new InvalidKeyError("symbol '../x' is not valid"))).toBe(400);
    expect(httpStatusFor(new ObjectNotFoundError('a/b'))).toBe(404);
    expect(exitCodeFor(new StoreUnavailableError('get', 'a/b', new Error('ECONNREFUSED')))).toBe(5);
    expect(exitCodeFor(new ConfigError(['Environment variable X is required']))).toBe(2);
    expect(httpStatusFor(new BusyError('a run is in progress'))).toBe(409);
  });

  it('treats untyped errors, unknown kinds and thrown non-errors as internal', () => {
    for (const thrown of [new TypeError('x is undefined'), { kind: 'weird' }, 'boom', undefined, null, 42]) {
      expect(httpStatusFor(thrown)).toBe(500);
      expect(exitCodeFor(thrown)).toBe(1);
    }
  });

  it("maps fastify validation errors to 400 and keeps fastify's own client error statuses", () => {
    const validation = Object.assign(new Error('body/symbol must match pattern'), {
      validation: [{ instancePath: '/symbol' }],
      code: 'FST_ERR_VALIDATION',
      statusCode: 400,
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    const foreign = Object.assign(new Error('teapot'), { statusCode: 418 });

    expect(httpStatusFor(validation)).toBe(400);
    expect(exitCodeFor(validation)).toBe(2);
    expect(httpStatusFor(tooLarge)).toBe(413);
    expect(httpStatusFor(foreign)).toBe(500);
  });

  it('describes an error on one line with its code, kind and causes, each said once', () => {
    const root = new Error('connect ECONNREFUSED\n127.0.0.1:9000');
    const error = new StoreUnavailableError('get', 'processed/daily/_manifest.json', root);

    const described = describeError(error);

    expect(described).toEqual({
      code: 'STORAGE_UNAVAILABLE',
      kind: 'unavailable',
      message: "store get of 'processed/daily/_manifest.json' failed: connect ECONNREFUSED 127.0.0.1:9000",
    });
    expect(described.message).not.toContain('\n');
  });

  it('adds causes that the message does not already contain', () => {
    const error = new ServiceError('SERVICE_X', 'internal', 'job failed', { cause: new Error('disk full') });

    expect(describeError(error).message).toBe('job failed: caused by: disk full');
  });

  it('describes untyped and non-Error values without throwing', () => {
    expect(describeError(new RangeError('bad'))).toEqual({
      code: 'INTERNAL',
      kind: 'internal',
      message: 'bad',
    });
    expect(describeError('plain string')).toEqual({
      code: 'INTERNAL',
      kind: 'internal',
      message: 'plain string',
    });
    expect(describeError({ reason: 1 }).message).toBe('{"reason":1}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeError(circular).message).toBe('[object Object]');
  });

  it('cuts long messages and deep cause chains short', () => {
    let error: Error = new Error('root');
    for (let i = 0; i < 10; i++) error = new Error(`level ${i} ${'x'.repeat(400)}`, { cause: error });

    const { message } = describeError(error);

    expect(message.split(': caused by: ')).toHaveLength(4);
    // Four parts of at most 300 characters joined by ': caused by: ' (13 characters).
    expect(message.length).toBe(4 * 300 + 3 * 13);
  });
});
