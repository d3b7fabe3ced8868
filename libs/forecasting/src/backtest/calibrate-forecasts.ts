import type { IsoDay } from '@cf/ohlcv';
import {
  absorbTargetDay,
  calibratedLevels,
  calibrationDayFor,
  createCalibrationState,
  type CalibrationOutcome,
  type CalibrationState,
} from '../calibration/calibration-state';
import type { Forecaster, ForecastOrigin, OriginForecast } from '../forecaster';
import type { BacktestData, OriginRef } from './backtest-data';

/**
 * Replays the online calibration of one recipe through a walk-forward, exactly as production runs it: the
 * forecast from origin t reads its quantiles at the levels of the state that has absorbed every outcome up to
 * the day before t (what the monitor had absorbed when infer ran), and each forecast's published quantiles are
 * absorbed on its target day. One instance per recipe lives across the cut-offs, as the stored state lives
 * across refits.
 */
export class WalkForwardCalibration {
  private state: CalibrationState;
  /** Published forecasts waiting for their target day, by target day. */
  private readonly pending = new Map<IsoDay, CalibrationOutcome[]>();

  constructor(
    model: string,
    horizon: number,
    private readonly data: BacktestData,
  ) {
    this.state = createCalibrationState(model, horizon);
  }

  /**
   * The calibrated forecasts of a period's origins: each origin predicted alone at its calibrated levels (in
   * date order, absorbing every outcome known the day before it first). The point path is the model's own.
   */
  async issue(
    model: Forecaster,
    origins: readonly OriginRef[],
    inputs: readonly ForecastOrigin[],
  ): Promise<OriginForecast[]> {
    const out = new Array<OriginForecast>(origins.length);
    const order = origins
      .map((_, i) => i)
      .sort(
        (a, b) => compare(origins[a].date, origins[b].date) || compare(origins[a].symbol, origins[b].symbol),
      );
    for (const i of order) {
      const origin = origins[i];
      this.absorbThrough(calibrationDayFor(origin.date));
      const levels = calibratedLevels(this.state, origin.symbol);
      const [forecast] = await model.predict([{ ...inputs[i], levels }]);
      out[i] = forecast;
      this.remember(origin, forecast);
    }
    return out;
  }

  private remember(origin: OriginRef, forecast: OriginForecast): void {
    const quantiles = forecast.logReturnQuantiles;
    if (quantiles === undefined) return;
    const series = this.data[origin.symbol];
    for (let day = 0; day < this.state.horizon; day++) {
      const target = series[origin.index + 1 + day];
      if (target === undefined) continue;
      const outcome: CalibrationOutcome = {
        symbol: origin.symbol,
        horizonDay: day + 1,
        target: target.date,
        outcome: Math.log(target.close / series[origin.index].close),
        issued: quantiles.map((byDay) => byDay[day]),
      };
      const list = this.pending.get(target.date) ?? [];
      list.push(outcome);
      this.pending.set(target.date, list);
    }
  }

  /** Absorbs every pending target day up to `day`, in date order. */
  private absorbThrough(day: IsoDay): void {
    const due = [...this.pending.keys()].filter((d) => d <= day).sort(compare);
    for (const target of due) {
      if (this.state.through === null || target > this.state.through) {
        this.state = absorbTargetDay(this.state, target, this.pending.get(target) ?? []);
      }
      this.pending.delete(target);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
