import { InvalidArgumentError, ObjectNotFoundError, PreconditionFailedError } from './errors';
import type { ObjectStore, WriteConditions } from './object-store';

/**
 * The ETag and conditional-write part of the `ObjectStore` contract, registered by
 * `describeObjectStoreContract` (one suite for every store); `store()` is the empty store of the test.
 */
export function describeConditionalWrites(store: () => ObjectStore): void {
  describe('ETags and conditional writes', () => {
    const refused = (key: string, reason: string) =>
      expect.objectContaining({
        name: 'PreconditionFailedError',
        code: 'STORAGE_PRECONDITION_FAILED',
        kind: 'conflict',
        key,
        reason,
        message: expect.stringContaining(`'${key}'`),
      });

    it('gives put, head and getObject the ETag of the same version, and new bytes a new ETag', async () => {
      const key = 'processed/daily/_manifest.json';

      const first = await store().put(key, '{"v":1}');
      const head = await store().head(key);
      const read = await store().getObject(key);
      const second = await store().put(key, '{"v":2}');

      expect(first.etag).toMatch(/^".+"$/);
      expect(head?.etag).toBe(first.etag);
      expect(read).toMatchObject({ key, size: 7, etag: first.etag });
      expect(read?.body.toString()).toBe('{"v":1}');
      expect(Object.prototype.toString.call(read?.lastModified)).toBe('[object Date]');
      expect(second.etag).not.toBe(first.etag);
      expect((await store().getObject(key))?.etag).toBe(second.etag);
      expect(await store().getObject('processed/daily/missing.json')).toBeUndefined();
    });

    it('creates with ifNoneMatch only when no object exists, else refuses and keeps the object', async () => {
      const key = 'monitoring/promotions/p-1.json';

      const created = await store().put(key, 'first', { ifNoneMatch: '*' });
      const second = store().put(key, 'second', { ifNoneMatch: '*' });

      await expect(second).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(second).rejects.toEqual(refused(key, 'exists'));
      expect((await store().get(key))?.toString()).toBe('first');
      expect((await store().head(key))?.etag).toBe(created.etag);
    });

    it('replaces with ifMatch only the version that was read', async () => {
      const key = 'processed/daily/_raw-index.json';
      const v1 = await store().put(key, 'v1');

      const v2 = await store().put(key, 'v2', { ifMatch: v1.etag });
      const stale = store().put(key, 'lost', { ifMatch: v1.etag });

      await expect(stale).rejects.toEqual(refused(key, 'changed'));
      expect((await store().get(key))?.toString()).toBe('v2');
      const v3 = await store().put(key, 'v3', { ifMatch: v2.etag });
      expect((await store().getObject(key))?.etag).toBe(v3.etag);
    });

    it('refuses ifMatch when there is no object, creating nothing', async () => {
      const key = 'models/latest/metadata.json';

      await expect(store().put(key, 'x', { ifMatch: '"0123456789abcdef0123456789abcdef"' })).rejects.toEqual(
        refused(key, 'missing'),
      );

      expect(await store().head(key)).toBeUndefined();
      expect((await store().list('')).objects).toEqual([]);
    });

    it('lets exactly one of many concurrent create-only puts win', async () => {
      const key = 'locks/promotion.json';
      const bodies = Array.from({ length: 8 }, (_, i) => `writer ${i}`);

      const outcomes = await Promise.allSettled(
        bodies.map((body) => store().put(key, body, { ifNoneMatch: '*' })),
      );

      const won = outcomes.flatMap((o, i) =>
        o.status === 'fulfilled' ? [{ body: bodies[i], etag: o.value.etag }] : [],
      );
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toEqual(Array.from({ length: 7 }, () => refused(key, 'exists')));
      expect(await store().getObject(key)).toMatchObject({
        body: Buffer.from(won[0].body),
        etag: won[0].etag,
      });
    });

    it('lets exactly one of many concurrent compare-and-swaps from the same version win', async () => {
      const key = 'processed/daily/_manifest.json';
      const base = await store().put(key, 'base');
      const bodies = Array.from({ length: 8 }, (_, i) => `update ${i}`);

      const outcomes = await Promise.allSettled(
        bodies.map((body) => store().put(key, body, { ifMatch: base.etag })),
      );

      const won = bodies.filter((_, i) => outcomes[i].status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason),
      ).toEqual(Array.from({ length: 7 }, () => refused(key, 'changed')));
      expect((await store().get(key))?.toString()).toBe(won[0]);
    });

    it('copies onto a destination only when its precondition holds', async () => {
      await store().put('models/v1/metadata.json', '{"version":"v1"}');
      await store().put('models/v2/metadata.json', '{"version":"v2"}');
      const to = 'models/latest/metadata.json';

      const first = await store().copy('models/v1/metadata.json', to, { ifNoneMatch: '*' });
      const again = store().copy('models/v2/metadata.json', to, { ifNoneMatch: '*' });
      await expect(again).rejects.toEqual(refused(to, 'exists'));
      const swapped = await store().copy('models/v2/metadata.json', to, { ifMatch: first.etag });
      const stale = store().copy('models/v1/metadata.json', to, { ifMatch: first.etag });

      await expect(stale).rejects.toEqual(refused(to, 'changed'));
      expect(first.etag).toBe((await store().head('models/v1/metadata.json'))?.etag);
      expect(await store().getObject(to)).toMatchObject({
        body: Buffer.from('{"version":"v2"}'),
        etag: swapped.etag,
      });
    });

    it('tells a missing copy source from a missing destination under ifMatch', async () => {
      await store().put('models/v1/model.json', '{}');

      await expect(
        store().copy('models/none/model.json', 'models/latest/model.json', { ifNoneMatch: '*' }),
      ).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(
        store().copy('models/none/model.json', 'models/latest/model.json', { ifMatch: '"abc"' }),
      ).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(
        store().copy('models/v1/model.json', 'models/latest/model.json', { ifMatch: '"abc"' }),
      ).rejects.toEqual(refused('models/latest/model.json', 'missing'));
      expect((await store().list('models/latest/')).objects).toEqual([]);
    });

    it.each<[string, WriteConditions]>([
      ['both preconditions', { ifNoneMatch: '*', ifMatch: '"abc"' }],
      ['an ifNoneMatch other than *', { ifNoneMatch: '"abc"' as '*' }],
      ['an empty ifMatch', { ifMatch: '' }],
      ['an ifMatch of only quotes', { ifMatch: '""' }],
    ])('refuses %s with InvalidArgumentError, writing nothing', async (_name, conditions) => {
      await store().put('src/a.json', 'a');

      await expect(store().put('dst/a.json', 'x', conditions)).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store().copy('src/a.json', 'dst/a.json', conditions)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      expect((await store().list('dst/')).objects).toEqual([]);
    });
  });
}
