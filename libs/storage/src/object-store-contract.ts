import { InvalidArgumentError, InvalidKeyError, ObjectNotFoundError } from './errors';
import { listAll } from './json';
import { rawCandlesKey } from './keys';
import type { ObjectStore } from './object-store';
import { describeConditionalWrites } from './object-store-contract-conditional';

/** What the contract suite needs from an implementation under test: a store with no objects in it. */
export type ObjectStoreSetup = () => Promise<{ store: ObjectStore; teardown(): Promise<void> }>;

const INVALID_KEYS = ['../x', '/abs', 'a//b', '', 'a/./b', 'a/../b', 'a/', 'a\\b', 'a\nb'];

/**
 * The behaviour every `ObjectStore` must have, as a jest suite. `setup` is called before each test (and
 * once for the large-listing group) and must return an empty store.
 *
 * @example
 * describeObjectStoreContract('LocalObjectStore', async () => {
 *   const { store, cleanup } = await makeTempStore();
 *   return { store, teardown: cleanup };
 * });
 */
export function describeObjectStoreContract(name: string, setup: ObjectStoreSetup): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let teardown: () => Promise<void>;

    beforeEach(async () => {
      ({ store, teardown } = await setup());
    });
    afterEach(async () => {
      await teardown();
    });

    it('round-trips UTF-8 text', async () => {
      const text = 'date,symbol,close\n2024-01-01,BTC,42000.5\nunicode: €, 日本, 🚀\n';

      await store.put('processed/daily/symbol=BTC/ohlcv.csv', text, { contentType: 'text/csv' });
      const bytes = await store.get('processed/daily/symbol=BTC/ohlcv.csv');

      expect(bytes?.toString('utf8')).toBe(text);
      expect(bytes?.length).toBe(Buffer.byteLength(text, 'utf8'));
    });

    it('round-trips binary bytes, including every byte value and an empty object', async () => {
      const binary = Buffer.alloc(70_000);
      for (let i = 0; i < binary.length; i++) binary[i] = (i * 31 + (i >> 8)) & 0xff;

      await store.put('models/v1/weights.bin', binary);
      await store.put('models/v1/empty.bin', Buffer.alloc(0));

      expect((await store.get('models/v1/weights.bin'))?.equals(binary)).toBe(true);
      expect(await store.get('models/v1/empty.bin')).toEqual(Buffer.alloc(0));
    });

    it('overwrites an existing object with the new bytes', async () => {
      await store.put('a/b.json', 'a much longer first version of the object');

      await store.put('a/b.json', 'short');

      expect((await store.get('a/b.json'))?.toString()).toBe('short');
      expect((await store.head('a/b.json'))?.size).toBe(5);
    });

    it('answers undefined for missing keys on get and head', async () => {
      await store.put('present/x.json', '{}');

      expect(await store.get('missing/x.json')).toBeUndefined();
      expect(await store.head('missing/x.json')).toBeUndefined();
      // A key that is only a prefix of other keys is not an object either.
      expect(await store.get('present')).toBeUndefined();
      expect(await store.head('present')).toBeUndefined();
    });

    it('reports size in bytes and a modification time on head', async () => {
      await store.put('h/é.txt', 'héllo');

      const info = await store.head('h/é.txt');

      expect(info?.key).toBe('h/é.txt');
      expect(info?.size).toBe(6);
      // Compared by tag, not instanceof: jest runs tests in another realm than Node's own Date.
      expect(Object.prototype.toString.call(info?.lastModified)).toBe('[object Date]');
      expect(Number.isFinite(info?.lastModified.getTime())).toBe(true);
    });

    it('lists by plain string prefix, sorted by key, with sizes', async () => {
      const keys = [
        'raw/source=cc/symbol=ETH/dt=2024-01-01/candles.json',
        'raw/source=cc/symbol=BTC/dt=2024-01-02/candles.json',
        'raw/source=cc/symbol=BNB/dt=2024-01-01/candles.json',
        'raw/source=cc/symbol=BTC/dt=2024-01-01/candles.json',
        'raw/source=binance/symbol=BTC/dt=2024-01-01/candles.json',
        'processed/daily/_manifest.json',
      ];
      for (const key of keys) await store.put(key, key);

      const partial = await store.list('raw/source=cc/symbol=B');
      const segment = await store.list('raw/source=cc/');
      const everything = await store.list('');

      expect(partial.objects.map((o) => o.key)).toEqual([
        'raw/source=cc/symbol=BNB/dt=2024-01-01/candles.json',
        'raw/source=cc/symbol=BTC/dt=2024-01-01/candles.json',
        'raw/source=cc/symbol=BTC/dt=2024-01-02/candles.json',
      ]);
      expect(partial.objects.map((o) => o.size)).toEqual(partial.objects.map((o) => o.key.length));
      expect(partial.nextCursor).toBeUndefined();
      expect(segment.objects).toHaveLength(4);
      expect(everything.objects.map((o) => o.key)).toEqual([...keys].sort());
    });

    it('lists nothing, without a cursor, for a prefix no key has', async () => {
      await store.put('a/b', 'x');

      const page = await store.list('b/');

      expect(page).toEqual({ objects: [] });
    });

    it('pages with a small limit, without gaps or repeats', async () => {
      const keys = Array.from({ length: 11 }, (_, i) => `p/k${String(i).padStart(2, '0')}`);
      for (const key of keys) await store.put(key, 'x');
      await store.put('q/outside', 'x');

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list('p/', { limit: 4, cursor });
        pages.push(page.objects.map((o) => o.key));
        cursor = page.nextCursor;
      } while (cursor !== undefined);

      expect(pages.map((p) => p.length)).toEqual([4, 4, 3]);
      expect(pages.flat()).toEqual(keys);
    });

    it('rejects a page size that is not a positive integer', async () => {
      for (const limit of [0, -1, 1.5]) {
        await expect(store.list('', { limit })).rejects.toBeInstanceOf(InvalidArgumentError);
      }
    });

    it('copies an object, leaving the source and replacing the destination', async () => {
      await store.put('models/v=1/model.json', '{"v":1}');
      await store.put('models/latest/model.json', 'old');

      await store.copy('models/v=1/model.json', 'models/latest/model.json');

      expect((await store.get('models/latest/model.json'))?.toString()).toBe('{"v":1}');
      expect((await store.get('models/v=1/model.json'))?.toString()).toBe('{"v":1}');
    });

    it('copies keys with =, +, spaces and nested segments', async () => {
      const from = 'predictions/dt=2024-01-01/a+b c/symbol=BTC.json';
      const to = 'backtests/run=7/x=y/deep/er/symbol=BTC.json';
      await store.put(from, 'forecast');

      await store.copy(from, to);

      expect((await store.get(to))?.toString()).toBe('forecast');
      expect((await store.list('backtests/run=7/')).objects.map((o) => o.key)).toEqual([to]);
    });

    it('fails to copy a missing source with ObjectNotFoundError and writes nothing', async () => {
      await expect(store.copy('nope/a.json', 'dest/a.json')).rejects.toBeInstanceOf(ObjectNotFoundError);

      expect(await store.head('dest/a.json')).toBeUndefined();
      expect((await store.list('')).objects).toEqual([]);
    });

    it('deletes objects; deleting a missing key is fine', async () => {
      await store.put('d/one', '1');
      await store.put('d/two', '2');

      await store.delete('d/one');
      await store.delete('d/one');
      await store.delete('never/was');

      expect(await store.get('d/one')).toBeUndefined();
      expect((await store.list('d/')).objects.map((o) => o.key)).toEqual(['d/two']);
    });

    it('round-trips Hive-style keys with = in several segments', async () => {
      const key = 'monitoring/rolling/dt=2024-03-01/window=30/metrics.json';

      await store.put(key, '{"mae":1}');

      expect((await store.get(key))?.toString()).toBe('{"mae":1}');
      expect((await store.list('monitoring/rolling/dt=2024-03-01/')).objects.map((o) => o.key)).toEqual([
        key,
      ]);
    });

    it.each(INVALID_KEYS)('rejects the invalid key %j on every method', async (bad) => {
      await store.put('ok/key', 'x');

      await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.getObject(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.put(bad, 'x')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.put(bad, 'x', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.head(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.copy(bad, 'ok/other')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.copy('ok/key', bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.delete(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      expect((await store.list('')).objects.map((o) => o.key)).toEqual(['ok/key']);
    });

    it('rejects a listing prefix that escapes the store', async () => {
      for (const prefix of ['../', '/abs', 'a//', '../../etc']) {
        await expect(store.list(prefix)).rejects.toBeInstanceOf(InvalidKeyError);
      }
    });

    it("refuses a raw key built from the symbol '../../etc'", async () => {
      const build = () => rawCandlesKey('cc', '../../etc', '2024-01-01');

      expect(build).toThrow(InvalidKeyError);
      expect(build).toThrow(/'\.\.\/\.\.\/etc'/);
      expect((await store.list('')).objects).toEqual([]);
    });

    it('leaves exactly one complete value after concurrent puts to the same key', async () => {
      const bodies = Array.from({ length: 12 }, (_, i) => Buffer.alloc(200_000 + i * 1000, 65 + i));

      await Promise.all(bodies.map((body) => store.put('race/object.bin', body)));

      const final = await store.get('race/object.bin');
      expect(bodies.some((body) => final?.equals(body))).toBe(true);
      expect((await store.list('race/')).objects.map((o) => [o.key, o.size])).toEqual([
        ['race/object.bin', final?.length],
      ]);
    });

    describeConditionalWrites(() => store);

    describe('with more objects than one default page', () => {
      let big: ObjectStore;
      let bigTeardown: () => Promise<void>;
      // 1100 keys: enough for two default pages; S3 caps a page at 1000 keys, and so does every store.
      const symbols = ['ADA', 'BNB', 'BTC', 'DOGE', 'DOT', 'ETH', 'LINK', 'LTC', 'SOL', 'TRX', 'XRP'];
      const keys = symbols.flatMap((symbol) =>
        Array.from(
          { length: 100 },
          (_, day) => `raw/source=cc/symbol=${symbol}/d${String(day).padStart(3, '0')}.json`,
        ),
      );

      beforeAll(async () => {
        ({ store: big, teardown: bigTeardown } = await setup());
        for (let i = 0; i < keys.length; i += 50) {
          await Promise.all(keys.slice(i, i + 50).map((key) => big.put(key, '{}')));
        }
      }, 60_000);
      afterAll(async () => {
        await bigTeardown();
      });

      it('returns pages of 1000 and 100 with the default limit, and listAll follows them', async () => {
        const first = await big.list('raw/');
        const second = await big.list('raw/', { cursor: first.nextCursor });
        const all = await listAll(big, 'raw/');

        expect([first, second].map((p) => p.objects.length)).toEqual([1000, 100]);
        expect(first.nextCursor).toEqual(expect.any(String));
        expect(second.nextCursor).toBeUndefined();
        expect([first, second].flatMap((p) => p.objects.map((o) => o.key))).toEqual(keys);
        expect(all.map((o) => o.key)).toEqual(keys);
      });

      it('never returns more than 1000 objects in a page, whatever the limit asked', async () => {
        const page = await big.list('raw/', { limit: 5000 });

        expect(page.objects).toHaveLength(1000);
        expect(page.nextCursor).toEqual(expect.any(String));
      });

      it('pages one symbol with a small limit', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await big.list('raw/source=cc/symbol=DOGE/', { limit: 30, cursor });
          seen.push(...page.objects.map((o) => o.key));
          cursor = page.nextCursor;
          pages++;
        } while (cursor !== undefined);

        expect(pages).toBe(4);
        expect(seen).toEqual(keys.filter((k) => k.includes('symbol=DOGE/')));
      });
    });
  });
}
