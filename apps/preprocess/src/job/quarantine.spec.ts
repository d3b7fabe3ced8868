import { getJson } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { addToQuarantine, quarantineFileKey, type QuarantineEntry, type QuarantineFile } from './quarantine';

const entry = (rawKey: string, at: string, row: unknown): QuarantineEntry => ({
  rawKey,
  at,
  reasons: ['non-positive-price'],
  detail: 'low 0 is not positive',
  row,
});

describe('addToQuarantine', () => {
  it('files entries per run day and symbol, merging with what is there without repeating an entry', async () => {
    const { store, cleanup } = await makeTempStore();
    try {
      const a = entry(
        'raw/source=csv/symbol=BTC/dt=2024-01-02/candles.json',
        'line 10',
        '2024-01-01,0,1,0,1,5',
      );
      const b = entry('raw/source=binance/symbol=BTC/dt=2024-01-02/candles.json', 'Data.Data[2]', { low: 0 });
      const c = entry('raw/source=binance/symbol=BTC/dt=2024-01-02/candles.json', 'Data.Data[10]', {
        low: 0,
      });

      const first = await addToQuarantine(store, '2024-02-12', 'BTC', [a, c]);
      const second = await addToQuarantine(store, '2024-02-12', 'BTC', [c, b, a]);
      const third = await addToQuarantine(store, '2024-02-12', 'BTC', [b]);

      expect([first.added, second.added, third.added]).toEqual([2, 1, 0]);
      expect([first.status, second.status, third.status]).toEqual(['written', 'written', 'unchanged']);
      expect(first.key).toBe('processed/quarantine/dt=2024-02-12/symbol=BTC.json');
      const file = (await getJson<QuarantineFile>(store, first.key)) as QuarantineFile;
      expect(file).toEqual({ schemaVersion: 1, day: '2024-02-12', symbol: 'BTC', entries: [b, c, a] });
    } finally {
      await cleanup();
    }
  });

  it('files objects without a usable symbol under unattributed.json', () => {
    expect(quarantineFileKey('2024-02-12', undefined)).toBe(
      'processed/quarantine/dt=2024-02-12/unattributed.json',
    );
  });
});
