import { copyModelVersion, forecastRecords, loadVersionForecaster, calibrationKey } from '@cf/model';
import { addDays } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { LATEST_MODEL_VERSION, modelPrefix } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { evaluateRange } from '../evaluation/evaluate-day';
import { writeDatasets, writeForecast } from '../testing/fixtures';
import { testKinds, trainTinyVersion } from '../testing/model-fixtures';
import { updateCalibration } from './update-calibration';

describe('updateCalibration', () => {
  it('absorbs each evaluated day of the live recipe once, in order, and a replay gives the same bytes', async () => {
    // prepare: a live persistence+garch version that published ranges every day of January 2024
    const { store, cleanup } = await makeTempStore();
    const { logger } = captureLogger();
    const candles = ['BTC', 'ETH'].map((s) => loadSampleCandles(s, { from: '2022-06-01', to: '2024-02-11' }));
    await writeDatasets(
      store,
      candles.map((c) => c.filter((x) => x.date <= '2023-12-31')),
    );
    const trained = await trainTinyVersion(store, logger, '2024-01-01T02:00:00Z', {
      model: 'persistence+garch',
    });
    await copyModelVersion(store, modelPrefix(trained.version), modelPrefix(LATEST_MODEL_VERSION));
    await writeDatasets(store, candles);
    const loaded = await loadVersionForecaster(store, modelPrefix(trained.version), testKinds());
    for (let origin = '2024-01-01'; origin <= '2024-01-31'; origin = addDays(origin, 1)) {
      const series = new Map(candles.map((c) => [c[0].symbol, c.filter((x) => x.date <= origin)]));
      for (const outcome of (
        await forecastRecords(loaded, series, { generatedAt: `${origin}T23:00:00.000Z` })
      ).values()) {
        if (outcome.ok) await writeForecast(store, outcome.forecast);
      }
    }
    const deps = { store, logger, scoring: { maxHorizonDays: 7 } };
    const first = await evaluateRange(deps, { from: '2024-01-02', to: '2024-01-20' });
    const second = await evaluateRange(deps, { from: '2024-01-15', to: '2024-02-01' });

    // act
    const a = await updateCalibration(
      deps,
      first.map((d) => d.daily),
    );
    const b = await updateCalibration(
      deps,
      second.map((d) => d.daily),
    );
    const bytes = (await store.get(calibrationKey('persistence+garch')))?.toString();
    await store.delete(calibrationKey('persistence+garch'));
    const replay = await updateCalibration(
      deps,
      [...second, ...first].map((d) => d.daily),
    );

    // assert
    expect(a).toMatchObject({ model: 'persistence+garch', through: '2024-01-20' });
    expect(a.absorbed).toHaveLength(19);
    expect(b.absorbed).toEqual(Array.from({ length: 12 }, (_, i) => addDays('2024-01-21', i)));
    const state = JSON.parse(bytes ?? '{}');
    // every asset's 1-day stream absorbed one outcome per day from 01-02 to 02-01
    expect(state.symbols.BTC[0].updates).toBe(31);
    expect(state.symbols.ETH[2].updates).toBe(29);
    expect(replay.through).toBe('2024-02-01');
    expect((await store.get(calibrationKey('persistence+garch')))?.toString()).toBe(bytes);
    loaded.forecaster.dispose();
    await cleanup();
  }, 60_000);
});
