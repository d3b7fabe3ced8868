import { createHash } from 'node:crypto';
import { stableJson } from '@cf/storage';
import { cryptoCompareRowsOf, loadSampleCandles } from '@cf/ohlcv/testing';
import { cryptoCompareFixture, csvFixture, rawFixture, yahooText } from '../test-support/raw-fixtures';
import { readRawObject } from './read-raw-object';

const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: '2024-01-01', to: '2024-01-03' };
const rows = cryptoCompareRowsOf(loadSampleCandles('BTC', { from: facts.from, to: facts.to }));

function bytesOf(value: unknown): Buffer {
  return Buffer.from(stableJson(value));
}

describe('readRawObject', () => {
  it('reads a well-formed envelope: version is its bodySha256, rows go to the source parser', () => {
    const { key, envelope } = cryptoCompareFixture('BTC', rows, facts);

    const reading = readRawObject(key, bytesOf(envelope));

    expect(reading).toMatchObject({
      rawKey: key,
      version: envelope.bodySha256,
      symbol: 'BTC',
      envelope: {
        source: 'cryptocompare',
        symbol: 'BTC',
        fetchedAt: facts.fetchedAt,
        bodySha256: envelope.bodySha256,
      },
    });
    expect(reading.parsed.candles.map((c) => c.candle.date)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
    ]);
  });

  it('quarantines truncated JSON whole, versioned by the sha256 of its bytes, with the start of its text', () => {
    const { key, envelope } = cryptoCompareFixture('BTC', rows, facts);
    const bytes = bytesOf(envelope).subarray(0, 300);

    const reading = readRawObject(key, bytes);

    expect(reading.version).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(reading.envelope).toBeUndefined();
    expect(reading.symbol).toBe('BTC');
    expect(reading.parsed.candles).toEqual([]);
    expect(reading.parsed.problems).toHaveLength(1);
    expect(reading.parsed.problems[0]).toMatchObject({
      at: 'object',
      reasons: ['invalid-json'],
      row: bytes.toString().slice(0, 240),
    });
    expect(reading.parsed.problems[0].detail).toMatch(/^raw object \(300 bytes\) is not JSON: /);
  });

  it.each([
    ['a JSON array', [1, 2], 'bad-envelope', /expected a JSON object, got an array/],
    ['a wrong schema version', { schemaVersion: 3 }, 'bad-envelope', /schemaVersion 3 is not 1 or 2/],
    [
      'a version 2 body that is not the text received',
      { body: { Data: { Data: [] } } },
      'bad-envelope',
      /body \{"Data":\{"Data":\[\]\}\} is not the response text \(a string\)/,
    ],
    [
      'a fetchedAt that is not a timestamp',
      { fetchedAt: 'yesterday' },
      'bad-envelope',
      /fetchedAt "yesterday"/,
    ],
    ['an upper-case bodySha256', { bodySha256: 'AB' }, 'bad-envelope', /bodySha256 "AB"/],
    [
      'an unknown source',
      { source: 'kraken' },
      'unknown-source',
      /source "kraken" is not one of cryptocompare, binance, csv/,
    ],
    ['a lower-case symbol', { symbol: 'btc' }, 'bad-symbol', /symbol "btc" does not match/],
    ['a symbol that escapes the key layout', { symbol: '../ETC' }, 'bad-symbol', /symbol "..\/ETC"/],
    [
      'another symbol than its key',
      { symbol: 'ETH' },
      'key-mismatch',
      /raw\/source=cryptocompare\/symbol=ETH/,
    ],
  ])('quarantines an envelope with %s whole', (_, change, reason, detail) => {
    const { key, envelope } = cryptoCompareFixture('BTC', rows, facts);
    const value = Array.isArray(change) ? change : { ...envelope, ...change };

    const reading = readRawObject(key, bytesOf(value));

    expect(reading.parsed.candles).toEqual([]);
    expect(reading.parsed.problems.map((p) => [p.at, p.reasons])).toEqual([['object', [reason]]]);
    expect(reading.parsed.problems[0].detail).toMatch(detail);
    expect(reading.symbol).toBe('BTC');
  });

  it('quarantines an object whose key is not in the raw layout, filed under the symbol of its envelope', () => {
    const { envelope } = csvFixture('BTC', yahooText('BTC'), facts);

    const reading = readRawObject('raw/uploads/btc.json', bytesOf(envelope));

    expect(reading.parsed.problems[0].reasons).toEqual(['key-mismatch']);
    expect(reading.symbol).toBe('BTC');
  });

  it('checks the body against bodySha256 and parses JSON text behind a byte-order mark', () => {
    const text = `\uFEFF${JSON.stringify({ Response: 'Success', Data: { Data: rows } })}`;
    const { key, envelope } = rawFixture('cryptocompare', 'BTC', text, facts);

    const reading = readRawObject(key, bytesOf(envelope));
    const changed = readRawObject(key, bytesOf({ ...envelope, body: text.replace('Success', 'Succes') }));
    const notJson = rawFixture('cryptocompare', 'BTC', '<html>502</html>', facts);

    expect(reading.parsed.problems).toEqual([]);
    expect(reading.parsed.candles).toHaveLength(3);
    expect(changed.parsed.problems[0]).toMatchObject({ at: 'object', reasons: ['sha256-mismatch'] });
    expect(changed.parsed.problems[0].detail).toBe(
      `the body hashes to ${createHash('sha256').update(text.replace('Success', 'Succes')).digest('hex')}, ` +
        `but the envelope records bodySha256 ${envelope.bodySha256}: the body changed after it was fetched`,
    );
    expect(readRawObject(notJson.key, bytesOf(notJson.envelope)).parsed.problems[0]).toMatchObject({
      reasons: ['invalid-json'],
      detail: expect.stringMatching(/^body is not JSON: /),
    });
  });

  it('refuses bytes over the size limit without decoding them', () => {
    const { key, envelope } = cryptoCompareFixture('BTC', rows, facts);
    const bytes = bytesOf(envelope);

    const reading = readRawObject(key, bytes, bytes.length - 1);

    expect(reading.version).toBe(`size:${bytes.length}`);
    expect(reading.parsed.problems[0]).toMatchObject({ reasons: ['too-large'], row: '' });
  });
});
