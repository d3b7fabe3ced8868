import { formatCandlesCsv } from '@cf/ohlcv';
import { processedDatasetKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { sampleCandles, writeDataset } from '../test-support/model-fixture';
import { readDataset } from './read-dataset';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function tempStore() {
  const temp = await makeTempStore();
  cleanups.push(temp.cleanup);
  return temp.store;
}

describe('readDataset', () => {
  it('reads the last rows of a dataset exactly as the whole file gives them, with or without a final line break', async () => {
    // Prepare
    const store = await tempStore();
    const candles = sampleCandles('BTC', { from: '2023-01-01', to: '2024-01-31' });
    await writeDataset(store, 'BTC', candles);
    const unterminated = formatCandlesCsv(
      sampleCandles('ETH', { from: '2023-06-01', to: '2023-12-31' }),
    ).trimEnd();
    await store.put(processedDatasetKey('ETH'), unterminated, { contentType: 'text/csv' });

    // Act
    const whole = await readDataset(store, 'BTC');
    const tail = await readDataset(store, 'BTC', 100);
    const more = await readDataset(store, 'BTC', 10_000);
    const eth = await readDataset(store, 'ETH', 30);

    // Assert
    if (!whole.ok || !tail.ok || !more.ok || !eth.ok) throw new Error('expected datasets');
    expect(whole.candles).toEqual(candles);
    expect(tail.candles).toEqual(candles.slice(-100));
    expect(more.candles).toEqual(candles);
    expect(eth.candles.map((c) => c.date)).toEqual(
      sampleCandles('ETH', { from: '2023-12-02', to: '2023-12-31' }).map((c) => c.date),
    );
  });

  it('names the line of the file of a bad row among the rows it reads', async () => {
    // Prepare: 201 lines (header and 200 rows); line 191 (the 190th row) has a bad close.
    const store = await tempStore();
    const lines = formatCandlesCsv(sampleCandles('BTC', { from: '2023-01-01', to: '2023-07-19' })).split(
      '\n',
    );
    const fields = lines[190].split(',');
    fields[5] = 'oops';
    lines[190] = fields.join(',');
    await store.put(processedDatasetKey('BTC'), lines.join('\n'), { contentType: 'text/csv' });

    // Act
    const whole = await readDataset(store, 'BTC');
    const tail = await readDataset(store, 'BTC', 20);
    const before = await readDataset(store, 'BTC', 5);

    // Assert: both readings name line 191; a bad row before the rows a forecast reads is not read.
    for (const reading of [whole, tail]) {
      expect(reading).toMatchObject({ ok: false, missing: { symbol: 'BTC', code: 'INFER_INVALID_DATASET' } });
      if (!reading.ok)
        expect(reading.missing.reason).toMatch(/ohlcv\.csv line 191: close "oops" is not a number/);
    }
    expect(before.ok && before.candles.length).toBe(5);
  });

  it('does not count blank lines as rows, and reads a text that does not start with its header whole', async () => {
    // Prepare
    const store = await tempStore();
    const candles = sampleCandles('BTC', { from: '2023-01-01', to: '2023-03-31' });
    const lines = formatCandlesCsv(candles).trimEnd().split('\n');
    const withBlanks = [...lines.slice(0, -3), '', '   ', ...lines.slice(-3), '', ''].join('\r\n');
    await store.put(processedDatasetKey('BTC'), withBlanks, { contentType: 'text/csv' });
    await store.put(processedDatasetKey('ETH'), `\n${lines.join('\n')}\n`, { contentType: 'text/csv' });

    // Act
    const btc = await readDataset(store, 'BTC', 10);
    const whole = await readDataset(store, 'BTC');
    const eth = await readDataset(store, 'ETH', 10);
    const ethWhole = await readDataset(store, 'ETH');

    // Assert
    if (!btc.ok || !whole.ok) throw new Error('expected the BTC dataset');
    expect(btc.candles).toEqual(candles.slice(-10));
    expect(whole.candles).toEqual(candles);
    expect(eth).toEqual(ethWhole);
  });
});
