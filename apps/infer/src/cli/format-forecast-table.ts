import type { Forecast, ForecastQuantile } from '@cf/ohlcv';
import type { MissingSymbol } from '../job/inference-report';

/**
 * The forecasts as a plain-text table for a terminal: one block per symbol (last close, model, flags) and one
 * line per horizon day (target date, predicted return in %, predicted close and, for forecasts with ranges,
 * the 80% and 90% ranges of the close), then the missing symbols.
 */
export function formatForecastTable(
  forecasts: readonly Forecast[],
  missing: readonly MissingSymbol[],
): string {
  const lines: string[] = [];
  for (const f of forecasts) {
    lines.push(
      `${f.symbol}  last close ${price(f.lastClose)} on ${f.lastObservedDate}  model ${f.model} ${f.modelVersion} (trained through ${f.modelTrainedThrough})`,
    );
    if (f.outOfDistribution.length > 0) {
      const flags = f.outOfDistribution.map((o) => `${o.feature} z=${o.zScore.toFixed(1)}`).join(', ');
      lines.push(
        `  ! inputs outside the training distribution (|z| > ${f.outOfDistribution[0].limit}): ${flags}`,
      );
    }
    const ranged = f.steps.some((s) => s.quantiles !== undefined);
    const rangeHeader = ranged ? `${'80% range'.padStart(26)}${'90% range'.padStart(26)}` : '';
    lines.push(
      `  ${'day'.padEnd(4)}${'date'.padEnd(12)}${'return %'.padStart(10)}${'close'.padStart(16)}${rangeHeader}`,
    );
    for (const s of f.steps) {
      const pct = `${s.predictedReturn >= 0 ? '+' : ''}${(s.predictedReturn * 100).toFixed(3)}`;
      const ranges = ranged
        ? `${range(s.quantiles, 0.1, 0.9).padStart(26)}${range(s.quantiles, 0.05, 0.95).padStart(26)}`
        : '';
      lines.push(
        `  ${String(s.horizonDay).padEnd(4)}${s.targetDate.padEnd(12)}${pct.padStart(10)}${price(s.predictedClose).padStart(16)}${ranges}`,
      );
    }
  }
  for (const m of missing) lines.push(`${m.symbol}  no forecast: ${m.reason}`);
  return lines.join('\n') + '\n';
}

function range(quantiles: readonly ForecastQuantile[] | undefined, low: number, high: number): string {
  const at = (level: number) => quantiles?.find((q) => Math.abs(q.level - level) < 1e-9)?.close;
  const [a, b] = [at(low), at(high)];
  return a === undefined || b === undefined ? '' : `${price(a)} .. ${price(b)}`;
}

function price(value: number): string {
  const digits = value >= 100 ? 2 : value >= 1 ? 4 : 6;
  return value.toFixed(digits);
}
