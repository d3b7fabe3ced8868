import { createHash } from 'node:crypto';
import { formatCandlesCsv } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { DatasetNotFoundError, InvalidDatasetError } from '../errors';
import { listTrainingSymbols, loadTrainingDatasets } from './datasets';

const PROCESSED = 'processed/daily/';

describe('loadTrainingDatasets', () => {
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
  });
  afterEach(() => cleanup());

  async function putDataset(prefix: string, symbol: string, text: string): Promise<void> {
    await store.put(`${prefix}symbol=${symbol}/ohlcv.csv`, text);
  }

  it('reads every symbol found under the processed prefix, validated, with the sha256 of its standard CSV', async () => {
    const btc = formatCandlesCsv(loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-03-31' }));
    const eth = formatCandlesCsv(loadSampleCandles('ETH', { from: '2023-02-01', to: '2023-03-15' }));
    await putDataset(PROCESSED, 'ETH', eth);
    await putDataset(PROCESSED, 'BTC', btc);
    await store.put(`${PROCESSED}_manifest.json`, '{}');

    const datasets = await loadTrainingDatasets({ store, prefix: PROCESSED });

    expect(datasets.map((d) => d.symbol)).toEqual(['BTC', 'ETH']);
    expect(datasets[0]).toMatchObject({
      key: 'processed/daily/symbol=BTC/ohlcv.csv',
      firstDate: '2023-01-01',
      lastDate: '2023-03-31',
      sha256: createHash('sha256').update(Buffer.from(btc, 'utf8')).digest('hex'),
    });
    expect(datasets[0].series).toHaveLength(90);
    expect(datasets[1]).toMatchObject({ firstDate: '2023-02-01', lastDate: '2023-03-15' });
    expect(datasets[1].series[0]).toEqual(
      loadSampleCandles('ETH', { from: '2023-02-01', to: '2023-02-01' })[0],
    );
  });

  it('keeps only the candles up to a cut-off, hashing what it kept: later rows never leave the reader', async () => {
    const full = loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-03-31' });
    const early = full.filter((c) => c.date <= '2023-02-15');
    await putDataset(PROCESSED, 'BTC', formatCandlesCsv(full));
    await putDataset(PROCESSED, 'SOL', formatCandlesCsv(loadSampleCandles('SOL', { from: '2023-03-01', to: '2023-03-31' })));

    const [btc, ...others] = await loadTrainingDatasets({ store, prefix: PROCESSED }, [], { through: '2023-02-15' });

    expect(btc.series).toEqual(early);
    expect(btc).toMatchObject({
      lastDate: '2023-02-15',
      sha256: createHash('sha256').update(formatCandlesCsv(early)).digest('hex'),
    });
    // SOL starts after the cut-off: it did not exist yet.
    expect(others).toEqual([]);
  });

  it('reads a SageMaker channel folder (empty prefix) and only the requested symbols, sorted and deduplicated', async () => {
    for (const symbol of ['BTC', 'ETH', 'SOL']) {
      await putDataset(
        '',
        symbol,
        formatCandlesCsv(loadSampleCandles(symbol, { from: '2023-01-01', to: '2023-01-31' })),
      );
    }

    const datasets = await loadTrainingDatasets({ store, prefix: '' }, ['SOL', 'BTC', 'SOL']);

    expect(datasets.map((d) => [d.symbol, d.key])).toEqual([
      ['BTC', 'symbol=BTC/ohlcv.csv'],
      ['SOL', 'symbol=SOL/ohlcv.csv'],
    ]);
    expect(await listTrainingSymbols({ store, prefix: '' })).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('names the missing key when a requested symbol has no dataset', async () => {
    await putDataset(
      PROCESSED,
      'BTC',
      formatCandlesCsv(loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-01-31' })),
    );

    const failure = loadTrainingDatasets({ store, prefix: PROCESSED }, ['BTC', 'DOGE']);

    await expect(failure).rejects.toThrow(DatasetNotFoundError);
    await expect(failure).rejects.toMatchObject({
      kind: 'not-found',
      key: 'processed/daily/symbol=DOGE/ohlcv.csv',
    });
    await expect(failure).rejects.toThrow(/DOGE.*processed\/daily\/symbol=DOGE\/ohlcv\.csv/);
  });

  it('refuses a source without any dataset, and a malformed symbol', async () => {
    await expect(loadTrainingDatasets({ store, prefix: PROCESSED })).rejects.toThrow(
      /no training dataset under 'processed\/daily\/'/,
    );
    await expect(loadTrainingDatasets({ store, prefix: PROCESSED }, ['../x'])).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/symbols has '..\/x', which is not a symbol/),
    });
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    ['a header without rows', 'date,symbol,open,high,low,close,volume\n', /header but no rows/],
    [
      'a non-standard header',
      'Date,Open,High,Low,Close,Volume\n2023-01-01,1,2,0.5,1.5,10\n',
      /yahoo format; expected the standard schema/,
    ],
    [
      'an unreadable row',
      'date,symbol,open,high,low,close,volume\n2023-01-01,BTC,1,2,0.5,1.5,10\n2023-01-02,BTC,1,2,0.5,abc,10\n',
      /1 unreadable row\(s\): line 3: close "abc" is not a number/,
    ],
    [
      'a repeated day',
      'date,symbol,open,high,low,close,volume\n2023-01-01,BTC,1,2,0.5,1.5,10\n2023-01-01,BTC,1,2,0.5,1.5,10\n',
      /row 1 \(BTC 2023-01-01\) is not after row 0/,
    ],
    [
      'a low above the close',
      'date,symbol,open,high,low,close,volume\n2023-01-01,BTC,1,2,1.6,1.5,10\n',
      /row 0 \(BTC 2023-01-01\) is not a valid candle/,
    ],
    [
      'rows of another symbol',
      'date,symbol,open,high,low,close,volume\n2023-01-01,ETH,1,2,0.5,1.5,10\n',
      /symbol "ETH" is not the expected "BTC"/,
    ],
  ])('refuses %s, naming the key and the problem', async (_case, text, problem) => {
    await putDataset(PROCESSED, 'BTC', text);

    const failure = loadTrainingDatasets({ store, prefix: PROCESSED }, ['BTC']);

    await expect(failure).rejects.toThrow(InvalidDatasetError);
    await expect(failure).rejects.toMatchObject({
      kind: 'input',
      code: 'MODEL_INVALID_DATASET',
      key: 'processed/daily/symbol=BTC/ohlcv.csv',
    });
    await expect(failure).rejects.toThrow(problem);
  });
});
