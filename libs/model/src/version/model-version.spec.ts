import {
  createRecipeForecaster,
  DEFAULT_TRAINING_PARAMETERS,
  parseRecipe,
  type ForecastOrigin,
} from '@cf/forecasting';
import { LATEST_MODEL_VERSION, modelPrefix, type LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { ModelCorruptError, ModelNotFoundError } from '../errors';
import { modelKinds } from '../registry';
import { TINY_PARAMETERS, writeModelVersionFixture } from '../testing/model-version-fixture';
import { copyModelVersion } from './copy-model-version';
import { loadVersionForecaster } from './load-version-forecaster';
import { readModelVersion } from './read-model-version';

jest.setTimeout(60_000);

const kinds = modelKinds();

describe('model versions through the registry', () => {
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
  });
  afterEach(() => cleanup());

  it.each(['persistence', 'drift', 'ridge', 'lstm/scale-free', 'gru/price-levels', 'dense/scale-free'])(
    '%s round-trips: the loaded version forecasts exactly what the published fit does',
    async (model) => {
      const { metadata, candles, prefix } = await writeModelVersionFixture(store, { model });
      const origins: ForecastOrigin[] = Object.entries(candles).map(([symbol, series]) => ({
        symbol,
        candles: series,
      }));
      // The published fit, redone in-process with the settings the version recorded.
      const params = { ...DEFAULT_TRAINING_PARAMETERS, ...TINY_PARAMETERS, model };
      const reference = await createRecipeForecaster(parseRecipe(model, kinds), params, kinds);
      await reference.fit(candles, { cutoff: metadata.data.trainedThrough, chosen: metadata.fit.chosen });

      const loaded = await loadVersionForecaster(store, prefix, kinds);

      expect(loaded.metadata).toEqual(metadata);
      expect(loaded.forecaster.name).toBe(model);
      expect(await loaded.forecaster.predict(origins)).toEqual(await reference.predict(origins));
      const files = Object.keys(metadata.files).sort();
      expect(files).toEqual(
        model.includes('/') ? ['model.json', 'scaler.json', 'weights.bin'] : ['state.json'],
      );
      loaded.forecaster.dispose();
      reference.dispose();
    },
  );

  it('refuses a file whose bytes no longer match the sha256 of metadata.json, naming the key', async () => {
    const { prefix } = await writeModelVersionFixture(store, { model: 'ridge' });
    await store.put(`${prefix}state.json`, '{"tampered":true}');

    await expect(readModelVersion(store, prefix)).rejects.toThrow(ModelCorruptError);
    await expect(readModelVersion(store, prefix)).rejects.toThrow(
      new RegExp(
        `model file at key '${prefix}state.json' is corrupt: its sha256 [0-9a-f]{64} is not [0-9a-f]{64}`,
      ),
    );
  });

  it('reports a prefix without metadata.json as no complete version', async () => {
    await expect(loadVersionForecaster(store, modelPrefix(LATEST_MODEL_VERSION), kinds)).rejects.toThrow(
      ModelNotFoundError,
    );
  });

  it('copies a version into models/latest/ with metadata.json last, every listed file included', async () => {
    const { prefix, metadata } = await writeModelVersionFixture(store, { model: 'dense/scale-free' });

    const copied = await copyModelVersion(store, prefix, modelPrefix(LATEST_MODEL_VERSION));
    const latest = await readModelVersion(store, modelPrefix(LATEST_MODEL_VERSION));

    expect(copied).toEqual(metadata);
    expect(latest.metadata).toEqual(metadata);
    expect([...latest.files.keys()].sort()).toEqual(Object.keys(metadata.files).sort());
  });
});
