import type { Forecast } from '@cf/ohlcv';
import type { MissingSymbol } from '../job/inference-report';

/**
 * The forecasts as a plain-text table for a terminal: one block per symbol (last close, model, flags) and one
 * line per horizon day (target date, predicted return in %, predicted close), then the missing symbols.
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
    lines.push(`  ${'day'.padEnd(4)}${'date'.padEnd(12)}${'return %'.padStart(10)}${'close'.padStart(16)}`);
    for (const s of f.steps) {
      const pct = `${s.predictedReturn >= 0 ? '+' : ''}${(s.predictedReturn * 100).toFixed(3)}`;
      lines.push(
        `  ${String(s.horizonDay).padEnd(4)}${s.targetDate.padEnd(12)}${pct.padStart(10)}${price(s.predictedClose).padStart(16)}`,
      );
    }
  }
  for (const m of missing) lines.push(`${m.symbol}  no forecast: ${m.reason}`);
  return lines.join('\n') + '\n';
}

function price(value: number): string {
  const digits = value >= 100 ? 2 : value >= 1 ? 4 : 6;
  return value.toFixed(digits);
}
