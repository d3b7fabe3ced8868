import type { ModelMetadata } from '@cf/model';
import type { Forecast } from '@cf/ohlcv';

/** The closing table of `npm start`: per asset, how the promoted model did on its test split and what it says next. */
export function formatSummary(metadata: ModelMetadata, forecasts: readonly Forecast[]): string {
  const lines: string[] = [];
  lines.push(
    `promoted model ${metadata.version}: ${metadata.architecture} on '${metadata.featureSet}' features, ` +
      `window ${metadata.window}, horizon ${metadata.horizon}, trained through ${metadata.data.trainedThrough} ` +
      `on ${metadata.backend} (${metadata.trainingPath ?? 'stock'} path)`,
  );
  lines.push(
    `test split ${metadata.split.test.from}..${metadata.split.test.to}, every number next to persistence:`,
  );
  lines.push('');
  const header = ['asset', 'MAE ratio', 'DA model', 'DM p', 'last close', 'next 7 days (predicted close)'];
  const rows = Object.keys(metadata.test.bySymbol)
    .sort()
    .map((symbol) => {
      const report = metadata.test.bySymbol[symbol];
      const forecast = forecasts.find((f) => f.symbol === symbol);
      const path = forecast
        ? forecast.steps.map((s) => `${s.targetDate.slice(5)} ${formatPrice(s.predictedClose)}`).join('  ')
        : '(no forecast)';
      return [
        symbol,
        report.model.maeRatioToPersistence.toFixed(3),
        report.model.directionalAccuracy.toFixed(3),
        report.model.dieboldMariano ? report.model.dieboldMariano.pValue.toFixed(3) : 'n/a',
        forecast ? `${formatPrice(forecast.lastClose)} (${forecast.lastObservedDate})` : '',
        path,
      ];
    });
  lines.push(...table([header, ...rows]));
  lines.push('');
  const pooled = metadata.test.model.maeRatioToPersistence;
  lines.push(
    pooled < 1
      ? `The model's pooled MAE is ${(100 * (1 - pooled)).toFixed(1)}% below persistence on its test split; check the DM p-values before trusting it.`
      : `The model does not beat persistence (repeating the last close): pooled MAE ratio ${pooled.toFixed(3)}. ` +
          'That is the usual, honest result on daily crypto closes.',
  );
  lines.push(
    'MAE ratio = model MAE / persistence MAE (below 1 beats persistence); DA = directional accuracy (compare with 0.5).',
  );
  return lines.join('\n');
}

function formatPrice(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
