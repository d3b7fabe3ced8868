import { addDays, type Candle } from '@cf/ohlcv';
import { computeFeatures, type FeatureFrame } from './feature-sets';
import { decodeForecasts, fitModelScalers, latestModelInput, scaleWindowSet } from './model-scalers';
import { fitScaler } from './scaler';
import { serializeScalers } from './scaler-json';
import { lastOriginWithKnownTargets } from './split';
import { targetNames } from './targets';
import { expectFeaturesError, sampleCandles } from './test-support/sample-candles';
import { buildWindows, type WindowSet } from './windows';

const WINDOW = 30;
const HORIZON = 7;
const CUTOFF = '2021-06-30';

function prepare(candlesBySymbol: readonly (readonly Candle[])[]) {
  const frames = candlesBySymbol.map((candles) => computeFeatures(candles, 'scale-free'));
  const windows = frames.map((frame) => buildWindows(frame, { window: WINDOW, horizon: HORIZON }));
  return { frames, windows };
}

function windowX(set: WindowSet, i: number): Float32Array {
  const stride = set.window * set.featureCount;
  return set.x.subarray(i * stride, (i + 1) * stride);
}

const btc = sampleCandles('BTC');
const sol = sampleCandles('SOL'); // starts 2020-04-10: far fewer rows before the cut-off than BTC
const { frames, windows } = prepare([btc, sol]);

describe('fitModelScalers', () => {
  it('fits features on every frame row dated on or before trainThrough, each day once, and nothing later', () => {
    const scalers = fitModelScalers({ frames, windows, trainThrough: CUTOFF });

    const rows = frames.flatMap((f) => f.rows.filter((_, i) => f.dates[i] <= CUTOFF));
    expect(scalers.features).toEqual(fitScaler(rows, frames[0].names));
    expect(scalers).toMatchObject({
      schemaVersion: 1,
      featureSet: 'scale-free',
      window: WINDOW,
      horizon: HORIZON,
      fittedThrough: CUTOFF,
    });
  });

  it('fits the target scaler on the targets of windows whose origin is on or before trainThrough', () => {
    const scalers = fitModelScalers({ frames, windows, trainThrough: CUTOFF });

    const targets = windows.flatMap((set) =>
      set.originDates.flatMap((date, i) =>
        date <= CUTOFF ? [Array.from(set.y.subarray(i * HORIZON, (i + 1) * HORIZON))] : [],
      ),
    );
    expect(scalers.target).toEqual(fitScaler(targets, targetNames(HORIZON)));
  });

  it('does not change when the data after the training targets changes (no look-ahead into the scaler)', () => {
    // training windows end on trainThrough; their targets reach HORIZON days further, nothing beyond
    const lastTargetDay = addDays(CUTOFF, HORIZON);
    const alter = (candles: readonly Candle[], after: string) =>
      candles.map((c) =>
        c.date > after ? { ...c, high: c.high * 9, close: c.close * 2, volume: c.volume * 1000 } : c,
      );
    const reference = serializeScalers(fitModelScalers({ frames, windows, trainThrough: CUTOFF }));

    const changedAfter = prepare([alter(btc, lastTargetDay), alter(sol, lastTargetDay)]);
    const changedLastTarget = prepare([alter(btc, addDays(lastTargetDay, -1)), sol]);

    expect(serializeScalers(fitModelScalers({ ...changedAfter, trainThrough: CUTOFF }))).toBe(reference);
    // the same check has teeth: changing the last training target day does move the (target) scaler
    const moved = fitModelScalers({ ...changedLastTarget, trainThrough: CUTOFF });
    expect(serializeScalers(moved)).not.toBe(reference);
    expect(JSON.parse(serializeScalers(moved)).features).toEqual(JSON.parse(reference).features);
  });

  it('refuses inputs that disagree or leave nothing to fit on, naming them', () => {
    const priceFrame = computeFeatures(btc, 'price-levels');
    const noTargets = buildWindows(frames[0], { window: WINDOW, horizon: HORIZON, includeTargets: false });
    const otherHorizon = buildWindows(frames[1], { window: WINDOW, horizon: 3 });

    expectFeaturesError(
      () => fitModelScalers({ frames: [frames[0], priceFrame], windows, trainThrough: CUTOFF }),
      'FEATURES_MISMATCH',
      /frame of BTC has features 'price-levels', frame of BTC 'scale-free'/,
    );
    expectFeaturesError(
      () => fitModelScalers({ frames, windows: [noTargets], trainThrough: CUTOFF }),
      'FEATURES_MISMATCH',
      /window set of BTC: no targets/,
    );
    expectFeaturesError(
      () => fitModelScalers({ frames, windows: [windows[0], otherHorizon], trainThrough: CUTOFF }),
      'FEATURES_MISMATCH',
      /window set of SOL: window 30 horizon 3, first set has window 30 horizon 7/,
    );
    expectFeaturesError(
      () => fitModelScalers({ frames, windows, trainThrough: '2010-01-01' }),
      'FEATURES_NOT_ENOUGH_DATA',
      /no training data on or before 2010-01-01: 0 feature rows, 0 windows/,
    );
    expectFeaturesError(
      () => fitModelScalers({ frames, windows, trainThrough: '30/06/2021' }),
      'FEATURES_INVALID_ARGUMENT',
      /trainThrough '30\/06\/2021'/,
    );
  });

  it('serves a walk-forward cut-off: only targets known on the cut-off day enter the fit', () => {
    const cutoff = '2022-03-15';
    const trainThrough = lastOriginWithKnownTargets(cutoff, HORIZON);

    const scalers = fitModelScalers({ frames, windows, trainThrough });

    expect(trainThrough).toBe('2022-03-08');
    const latestTargetUsed = windows
      .flatMap((set) => set.originDates.filter((d) => d <= scalers.fittedThrough))
      .map((origin) => addDays(origin, HORIZON))
      .sort()
      .pop();
    expect(latestTargetUsed).toBe(cutoff);
  });
});

describe('train and infer share one path', () => {
  const scalers = fitModelScalers({ frames, windows, trainThrough: CUTOFF });

  it('gives infer, from the data it has on a day, bit for bit the scaled training window of that origin', () => {
    const trainingSet = scaleWindowSet(windows[0], scalers);
    for (const i of [0, 1500, trainingSet.count - 1]) {
      const origin = trainingSet.originDates[i];
      const seenThatDay: FeatureFrame = computeFeatures(
        btc.filter((c) => c.date <= origin),
        'scale-free',
      );

      const input = latestModelInput(seenThatDay, scalers);

      expect(input?.originDate).toBe(origin);
      expect(input?.originClose).toBe(trainingSet.originCloses[i]);
      expect(input?.x).toEqual(windowX(trainingSet, i));
    }
  });

  it('scales inputs with the feature scaler and targets with the target scaler, leaving the input set alone', () => {
    const set = windows[1];
    const before = { x: set.x.slice(), y: set.y.slice() };

    const scaled = scaleWindowSet(set, scalers);

    expect(Buffer.from(set.x.buffer).equals(Buffer.from(before.x.buffer))).toBe(true);
    expect(Buffer.from(set.y.buffer).equals(Buffer.from(before.y.buffer))).toBe(true);
    const f = 6; // rsi_14 of the last day of window 10
    const at = 10 * WINDOW * set.featureCount + (WINDOW - 1) * set.featureCount + f;
    expect(scaled.x[at]).toBeCloseTo((set.x[at] - scalers.features.mean[f]) / scalers.features.std[f], 5);
    expect(scaled.y[10 * HORIZON + 2]).toBeCloseTo(
      (set.y[10 * HORIZON + 2] - scalers.target.mean[2]) / scalers.target.std[2],
      5,
    );
    expect(scaled.originDates).toEqual(set.originDates);
  });

  it('decodes scaled model outputs back to returns and the price path (float32: rel tol 1e-6)', () => {
    const scaled = scaleWindowSet(windows[0], scalers);
    const picks = [3, 700, 2100];
    const output = Float32Array.from(
      picks.flatMap((i) => Array.from(scaled.y.subarray(i * HORIZON, (i + 1) * HORIZON))),
    );

    const decoded = decodeForecasts(
      output,
      picks.map((i) => scaled.originCloses[i]),
      scalers,
    );

    decoded.forEach((forecast, j) => {
      forecast.closes.forEach((close, k) =>
        expect(Math.abs(close / scaled.targetCloses[picks[j]][k] - 1)).toBeLessThan(1e-6),
      );
      expect(forecast.returns).toHaveLength(HORIZON);
    });
    expectFeaturesError(
      () => decodeForecasts(output, [1], scalers),
      'FEATURES_MISMATCH',
      /model output of 21 values is not 1 windows x horizon 7/,
    );
  });

  it('refuses a frame or window set that is not what the model was fitted on', () => {
    const priceFrame = computeFeatures(btc.slice(0, 100), 'price-levels');
    const otherWindow = buildWindows(frames[0], { window: 20, horizon: HORIZON });

    expectFeaturesError(
      () => latestModelInput(priceFrame, scalers),
      'FEATURES_MISMATCH',
      /frame of BTC has features 'price-levels' .* but the model expects 'scale-free'/,
    );
    expectFeaturesError(
      () => scaleWindowSet(otherWindow, scalers),
      'FEATURES_MISMATCH',
      /window 20, horizon 7\) does not fit scalers .*window 30/,
    );
  });
});
