/** Alert thresholds (the MONITOR_* variables; see the README). */
export interface AlertSettings {
  /** Degradation: rolling 30-day MAE ratio to persistence above this. */
  readonly maxRatioToPersistence: number;
  /** Degradation: rolling 30-day directional accuracy below this. */
  readonly minDirectionalAccuracy: number;
  /** Degradation: rolling 30-day coverage of the 80% or 90% ranges further than this from nominal. */
  readonly coverageBand: number;
  /** Degradation alerts need at least this many scored steps in the window. */
  readonly minPoints: number;
  /** Stale data: the last candle is more than this many days before the clock's day. */
  readonly staleDays: number;
  /** Extreme move: a daily log return beyond this many standard deviations of the trailing returns. */
  readonly moveSigmas: number;
  /** Days of trailing log returns the move is judged against. */
  readonly moveLookbackDays: number;
  /** Gaps (from the manifest) ending within this many days are reported. */
  readonly gapLookbackDays: number;
  /** Days of recent data for the volatility and feature-drift checks. */
  readonly recentDays: number;
  /** Volatility regime: recent / training realized volatility above this, or below its inverse. */
  readonly volatilityRatio: number;
  /** Feature drift: population stability index above this. */
  readonly psiLimit: number;
  /** Quantile bins of the PSI. */
  readonly psiBins: number;
}
