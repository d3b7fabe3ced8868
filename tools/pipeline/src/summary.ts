import type { ModelMetadata } from '@cf/model';
import type { Forecast } from '@cf/ohlcv';

/** What `monitor status --json` says about the live model (the fields the summary reads). */
export interface LiveModelStatus {
  readonly version: string;
  readonly model: string;
  readonly promotion: { readonly kind: string; readonly why: string } | null;
}

/**
 * The closing text of `npm start`: which model is live and why, its held-out walk-forward scores per asset
 * next to persistence, and what it forecasts next (with its range when the forecast has quantiles).
 */
export function formatSummary(
  metadata: ModelMetadata,
  live: LiveModelStatus | null,
  forecasts: readonly Forecast[],
): string {
  const lines: string[] = [];
  const evaluation = metadata.evaluation;
  const candidate = evaluation.models.find((m) => m.role === 'candidate');
  lines.push(
    `live model ${metadata.version}: ${metadata.model}, horizon ${metadata.horizon}, trained through ` +
      `${metadata.data.trainedThrough}${metadata.backend === 'none' ? '' : ` on ${metadata.backend}`}`,
  );
  if (live?.promotion) lines.push(`why it is live (${live.promotion.kind}): ${live.promotion.why}`);
  lines.push(
    `held-out walk-forward ${evaluation.from}..${evaluation.to} (refitted every ${evaluation.refitEvery} days, ` +
      `${evaluation.forecasts} forecasts), every number next to persistence:`,
  );
  lines.push('');
  const ranged = candidate?.ranges !== undefined;
  const header = [
    'asset',
    'ratio',
    'DA',
    'DM p',
    ...(ranged ? ['pinball', 'DM p', '80%', '90%'] : []),
    'last close',
    'next days: predicted close [5%..95%]',
  ];
  const rows = metadata.symbols.map((symbol) => {
    const scores = candidate?.scores.bySymbol[symbol]?.overall;
    const ranges = candidate?.ranges?.bySymbol[symbol]?.overall;
    const forecast = forecasts.find((f) => f.symbol === symbol);
    return [
      symbol,
      scores?.ratio == null ? 'n/a' : scores.ratio.toFixed(3),
      scores === undefined ? 'n/a' : scores.directionalAccuracy.toFixed(3),
      scores?.dieboldMariano ? scores.dieboldMariano.pValue.toFixed(3) : 'n/a',
      ...(ranged
        ? [
            ranges?.pinballRatio == null ? 'n/a' : ranges.pinballRatio.toFixed(3),
            ranges?.dieboldMariano ? ranges.dieboldMariano.pValue.toFixed(3) : 'n/a',
            ranges === undefined ? 'n/a' : pct(ranges.coverage[0].rate),
            ranges === undefined ? 'n/a' : pct(ranges.coverage[1].rate),
          ]
        : []),
      forecast ? `${formatPrice(forecast.lastClose)} (${forecast.lastObservedDate})` : '',
      forecast ? forecastPath(forecast) : '(no forecast)',
    ];
  });
  lines.push(...table([header, ...rows]));
  lines.push('');
  const pooled = candidate?.scores.overall.ratio ?? null;
  const point = metadata.model.split('+')[0];
  lines.push(
    point === 'persistence'
      ? 'The path is persistence (repeating the last close): no point model beats it on origins it never trained on, ' +
          'the usual, honest result on daily crypto closes.'
      : pooled !== null && pooled < 1
        ? `Its pooled error is ${(100 * (1 - pooled)).toFixed(1)}% below persistence's on held-out origins; check the DM p-values before trusting it.`
        : `It does not beat persistence (pooled ratio ${pooled?.toFixed(3) ?? 'n/a'}).`,
  );
  const r = candidate?.ranges?.overall;
  if (r !== undefined) {
    lines.push(
      `Its ranges, calibrated online: pinball ${r.pinballRatio?.toFixed(3) ?? 'n/a'} times the naive ranges' ` +
        `(DM p ${r.dieboldMariano?.pValue.toFixed(3) ?? 'n/a'}); the 80% and 90% ranges held ${pct(r.coverage[0].rate)} ` +
        `and ${pct(r.coverage[1].rate)} of outcomes (the naive ranges: ${pct(r.coverage[0].referenceRate)} and ${pct(r.coverage[1].referenceRate)}).`,
    );
  }
  lines.push(
    "ratio = mean relative error / persistence's (below 1 beats persistence); DA = directional accuracy (compare with 0.5);",
    "pinball = pinball loss of the ranges / the naive ranges' (the trailing year of h-day returns; below 1 beats them).",
  );
  return lines.join('\n');
}

function forecastPath(forecast: Forecast): string {
  return forecast.steps
    .map((s) => {
      const low = s.quantiles?.find((q) => q.level === 0.05);
      const high = s.quantiles?.find((q) => q.level === 0.95);
      const range = low && high ? ` [${formatPrice(low.close)}..${formatPrice(high.close)}]` : '';
      return `${s.targetDate.slice(5)} ${formatPrice(s.predictedClose)}${range}`;
    })
    .join('  ');
}

function pct(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

function formatPrice(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
