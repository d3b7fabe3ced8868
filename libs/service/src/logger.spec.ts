import { createLogger } from './logger';
import { captureLogger } from './testing';

function collect(level?: string) {
  const written: string[] = [];
  const logger = createLogger({
    name: 'ingest',
    level,
    destination: { write: (line: string) => void written.push(line) },
  });
  return { logger, written };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the name, the level as a word and an ISO time', () => {
    const { logger, written } = collect();

    logger.info({ symbol: 'BTC' }, 'fetched');

    expect(written).toHaveLength(1);
    expect(written[0].endsWith('\n')).toBe(true);
    const line = JSON.parse(written[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ name: 'ingest', level: 'info', symbol: 'BTC', msg: 'fetched' });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('drops lines below the configured level', () => {
    const { logger, written } = collect('warn');

    logger.info('quiet');
    logger.warn('loud');

    expect(written.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });

  it('never writes an API key, password, token or authorization header', () => {
    const apiKey = 'cc-live-5f2d9a7b1e4c8f03';
    const { logger, lines } = captureLogger();

    logger.info({ apiKey }, 'top level');
    logger.info({ config: { apiKey, api_key: apiKey, password: apiKey, secret: apiKey } }, 'nested');
    logger.info({ credentials: { secretAccessKey: apiKey, sessionToken: apiKey } }, 'aws');
    logger.info({ headers: { authorization: `Bearer ${apiKey}`, 'x-api-key': apiKey } }, 'headers');
    logger.info(
      { request: { headers: { authorization: `Bearer ${apiKey}`, 'x-api-key': apiKey } } },
      'nested headers',
    );
    logger.info({ provider: { 'x-api-key': apiKey } }, 'bracketed');
    logger.child({ source: { apiKey } }).info('child bindings');

    const output = JSON.stringify(lines());
    expect(lines()).toHaveLength(7);
    expect(output).not.toContain(apiKey);
    expect(output.split('[redacted]').length - 1).toBe(13);
    expect(lines()[1]).toMatchObject({ config: { apiKey: '[redacted]', password: '[redacted]' } });
  });

  it('leaves ordinary fields alone', () => {
    const { logger, lines } = captureLogger();

    logger.info({ symbol: 'ETH', store: 's3://bucket/prefix', keyCount: 3 }, 'listed');

    expect(lines()[0]).toMatchObject({ symbol: 'ETH', store: 's3://bucket/prefix', keyCount: 3 });
  });
});
