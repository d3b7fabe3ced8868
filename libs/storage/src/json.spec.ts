import { InvalidJsonError } from './errors';
import { getJson, getText, listAll, putIfChanged, putJson, putJsonIfChanged } from './json';
import type { ListOptions, ObjectPage, ObjectStore } from './object-store';
import { makeTempStore } from './testing';

describe('JSON and text helpers', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('writes stable, indented JSON with a final newline and reads it back', async () => {
    const value = { symbol: 'BTC', rows: 3, gaps: [], nested: { a: 1.5 } };

    await putJson(store, 'processed/daily/_manifest.json', value);

    expect(await getText(store, 'processed/daily/_manifest.json')).toBe(
      '{\n  "symbol": "BTC",\n  "rows": 3,\n  "gaps": [],\n  "nested": {\n    "a": 1.5\n  }\n}\n',
    );
    expect(await getJson(store, 'processed/daily/_manifest.json')).toEqual(value);
  });

  it('answers undefined for a missing key', async () => {
    expect(await getJson(store, 'nope.json')).toBeUndefined();
    expect(await getText(store, 'nope.json')).toBeUndefined();
  });

  it('refuses an object that is not JSON with InvalidJsonError naming the key', async () => {
    await store.put('models/v1/metadata.json', '{"version": "v1",');

    const read = getJson(store, 'models/v1/metadata.json');

    await expect(read).rejects.toBeInstanceOf(InvalidJsonError);
    await expect(read).rejects.toMatchObject({
      code: 'STORAGE_INVALID_JSON',
      key: 'models/v1/metadata.json',
    });
    await expect(read).rejects.toThrow(/'models\/v1\/metadata\.json'/);
  });

  it('writes only when the bytes change, leaving the object untouched otherwise', async () => {
    const first = await putIfChanged(store, 'predictions/latest/BTC.csv', 'day,close\n2024-03-01,1\n');
    const before = await store.head('predictions/latest/BTC.csv');
    await new Promise((resolve) => setTimeout(resolve, 20));

    const again = await putIfChanged(
      store,
      'predictions/latest/BTC.csv',
      Buffer.from('day,close\n2024-03-01,1\n'),
    );
    const after = await store.head('predictions/latest/BTC.csv');
    const changed = await putIfChanged(store, 'predictions/latest/BTC.csv', 'day,close\n2024-03-01,2\n');

    expect([first, again, changed]).toEqual(['written', 'unchanged', 'written']);
    expect(after?.lastModified.getTime()).toBe(before?.lastModified.getTime());
    expect(await getText(store, 'predictions/latest/BTC.csv')).toBe('day,close\n2024-03-01,2\n');
  });

  it('writes JSON only when it changes', async () => {
    expect(await putJsonIfChanged(store, 'a.json', { b: 1, a: [1, 2] })).toBe('written');
    expect(await putJsonIfChanged(store, 'a.json', { b: 1, a: [1, 2] })).toBe('unchanged');
    expect(await putJsonIfChanged(store, 'a.json', { a: [1, 2], b: 1 })).toBe('written');
  });

  it('follows every page in listAll', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `m/dt=2024-03-0${i + 1}/metrics.json`);
    for (const key of [...keys].reverse()) await store.put(key, '{}');
    const calls: (string | undefined)[] = [];
    // A real store whose pages are forced small, so listAll has several to follow.
    const smallPages: ObjectStore = {
      url: store.url,
      get: (key) => store.get(key),
      getObject: (key) => store.getObject(key),
      put: (key, body, options) => store.put(key, body, options),
      head: (key) => store.head(key),
      copy: (from, to) => store.copy(from, to),
      delete: (key) => store.delete(key),
      list: (prefix: string, options: ListOptions = {}): Promise<ObjectPage> => {
        calls.push(options.cursor);
        return store.list(prefix, { ...options, limit: 3 });
      },
    };

    const all = await listAll(smallPages, 'm/');

    expect(all.map((o) => o.key)).toEqual(keys);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBeUndefined();
  });
});
