import { InvalidKeyError, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { ModelCorruptError } from '../errors';
import {
  publishedVersionKey,
  readPublishedVersion,
  writePublishedVersion,
  type PublishedVersion,
} from './published-version';

describe('published version record', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  const record: PublishedVersion = {
    schemaVersion: 1,
    runId: 'cf-train-20240212-060000',
    version: '20240212T063000Z-1a2b3c4d',
    publishedAt: '2024-02-12T07:10:00.000Z',
  };

  it('sits beside the job output under models/{runId}/ and reads back as written', async () => {
    await writePublishedVersion(store, record);

    const read = await readPublishedVersion(store, record.runId);

    expect(publishedVersionKey(record.runId)).toBe('models/cf-train-20240212-060000/published-version.json');
    expect(read).toEqual(record);
    expect((await store.get(publishedVersionKey(record.runId)))?.toString('utf8')).toBe(
      `${JSON.stringify(record, null, 2)}\n`,
    );
  });

  it('is undefined for a run that published nothing', async () => {
    expect(await readPublishedVersion(store, 'cf-train-20240213-060000')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"schemaVersion":1,', /not JSON/],
    ['another run', JSON.stringify({ ...record, runId: 'cf-train-other' }), /expected \{"schemaVersion":1/],
    ['no version', JSON.stringify({ ...record, version: '' }), /expected/],
    ['the promoted folder', JSON.stringify({ ...record, version: 'latest' }), /expected/],
  ])('refuses a record that is %s, naming the key', async (_case, text, reason) => {
    await store.put(publishedVersionKey(record.runId), text);

    const read = readPublishedVersion(store, record.runId);

    await expect(read).rejects.toBeInstanceOf(ModelCorruptError);
    await expect(read).rejects.toThrow(reason);
    await expect(read).rejects.toThrow(/models\/cf-train-20240212-060000\/published-version\.json/);
  });

  it('refuses run ids that are not one key segment, and the promoted folder', () => {
    expect(() => publishedVersionKey('../etc')).toThrow(InvalidKeyError);
    expect(() => publishedVersionKey('a/b')).toThrow(InvalidKeyError);
    expect(() => publishedVersionKey('latest')).toThrow(/reserved for the promoted model/);
  });
});
