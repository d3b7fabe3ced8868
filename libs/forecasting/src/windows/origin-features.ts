import type { ModelScalers } from '@cf/features';
import type { Candle } from '@cf/ohlcv';
import type { ForecastOrigin, InputWarning } from '../forecaster';
import {
  latestRowWarnings,
  originInputWarnings,
  scaledOriginInputs,
  type ScaledOriginInputs,
} from './origin-inputs';

/** An origin's latest-day features, remembered from `inputs` with what identifies its candles. */
interface LatestRow {
  readonly length: number;
  readonly last: Candle;
  readonly row: readonly number[];
}

/**
 * The per-origin features of a windowed model (a network, ridge) for `predict` and `inputWarnings`. A
 * forecast asks for both on the same candles (`forecastRecords` of `@cf/model`), and computing the features of
 * an origin's `inputDays + PREDICT_BURN_IN_DAYS` candles is most of a forecast's cost, so `inputs` remembers
 * each origin's latest feature row (keyed by its candles array, checked by length and last candle) and
 * `warnings` reads it instead of computing the features again. Both give exactly what `scaledOriginInputs`
 * and `originInputWarnings` give.
 */
export class OriginFeatures {
  private readonly latest = new WeakMap<readonly Candle[], LatestRow>();

  constructor(
    private readonly model: string,
    private readonly inputDays: number,
  ) {}

  /** The scaled input windows of the origins and their closes (`scaledOriginInputs`), remembering each latest row. */
  inputs(origins: readonly ForecastOrigin[], scalers: ModelScalers): ScaledOriginInputs {
    const inputs = scaledOriginInputs(this.model, origins, scalers, this.inputDays);
    origins.forEach(({ candles }, i) => {
      this.latest.set(candles, {
        length: candles.length,
        last: candles[candles.length - 1],
        row: inputs.latestRows[i],
      });
    });
    return inputs;
  }

  /** Latest-day features beyond `limit` training standard deviations (`originInputWarnings`). */
  warnings(origin: ForecastOrigin, scalers: ModelScalers, limit: number): InputWarning[] {
    const { candles } = origin;
    const known = this.latest.get(candles);
    if (
      known === undefined ||
      known.length !== candles.length ||
      known.last !== candles[candles.length - 1]
    ) {
      return originInputWarnings(origin, scalers, this.inputDays, limit);
    }
    return latestRowWarnings(known.row, scalers, limit);
  }
}
