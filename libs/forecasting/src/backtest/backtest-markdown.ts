import { isNetworkRecipe } from '../parameters/training-parameters';
import type { DieboldMarianoScore, PointScores } from '../scoring/score-forecasts';
import type { RangeScores } from '../scoring/score-ranges';
import type { BacktestReport } from './backtest-report';

/**
 * `backtests/{id}/report.md`: the report as Markdown tables, best model first: the pooled ratio to persistence
 * (the one scorer's rule), the pooled ratio per horizon day, and per symbol the MAE, ratio, directional accuracy
 * and Diebold-Mariano p-value against persistence. Deterministic (no wall-clock values).
 */
export function formatBacktestMarkdown(report: BacktestReport): string {
  const { request, origins, horizon } = report;
  const symbols = Object.keys(report.data.bySymbol);
  const order = report.ranking.map((r) => r.model);
  const byName = new Map(report.models.map((m) => [m.model, m]));
  const refits = report.cutoffs.filter((c) => c.origins > 0).length;
  const neural = request.models.some(isNetworkRecipe);
  const lines: string[] = [
    `# Walk-forward backtest ${report.id}`,
    '',
    `- Origins ${origins.from} .. ${origins.to}: ${origins.forecasts} forecasts per model over ${symbols.length} symbols (${symbols.join(', ')}), horizon ${horizon} days.`,
    `- Refits: ${refits}, every ${request.refitEvery} days from ${request.from} (first cut-off) to ${request.to}; ${request.windowMode} window${request.trainDays === undefined ? '' : ` of ${request.trainDays} days`}; each fit uses data up to its cut-off only.`,
    `- Refit strategy: ${report.refitStrategy}.`,
    ...(neural ? [neuralLine(report)] : []),
    `- Data ${report.data.firstDate} .. ${report.data.lastDate}, sha256 ${report.data.sha256}.`,
    `- No-lookahead audit: ${report.audit.mode === 'none' ? 'off' : `${report.audit.checks.length} check(s) passed (${report.audit.mode} cut-off${report.audit.mode === 'all' ? 's' : ''})`}.`,
    '',
    '## All symbols',
    '',
    'Ratio = mean relative absolute error (|forecast - actual| / origin close) of the model over that of persistence',
    'on the same forecasts, all symbols and horizon days pooled (below 1 beats persistence). DA = directional',
    'accuracy against the origin close (compare with 0.5; persistence predicts no move and scores about 0).',
    'DM = Diebold-Mariano test against persistence on the per-origin-day mean relative errors (negative statistic:',
    'more accurate than persistence).',
    '',
    table(
      ['model', 'ratio', ...symbols, 'DA', 'DM stat', 'DM p-value'],
      order.map((name) => {
        const m = byName.get(name);
        if (m === undefined) return [name];
        const avg = m.overall;
        return [
          name,
          num(avg.ratio, 4),
          ...symbols.map((s) => num(m.bySymbol[s]?.overall.ratio ?? null, 4)),
          num(avg.directionalAccuracy, 3),
          stat(avg.dieboldMariano),
          pValue(avg.dieboldMariano),
        ];
      }),
    ),
    '',
    '## Pooled ratio by horizon day',
    '',
    table(
      ['model', ...Array.from({ length: horizon }, (_, k) => `d${k + 1}`)],
      order.map((name) => [name, ...(byName.get(name)?.byHorizonDay.map((d) => num(d.ratio, 4)) ?? [])]),
    ),
  ];
  if (report.ranges.length > 0) lines.push(...rangeSections(report, symbols));
  for (const symbol of symbols) {
    lines.push('', `## ${symbol}`, '');
    lines.push(
      table(
        [
          'model',
          'n',
          'MAE',
          'persistence MAE',
          'ratio',
          'DA',
          'DM p-value',
          ...Array.from({ length: horizon }, (_, k) => `ratio d${k + 1}`),
        ],
        order.map((name) => {
          const s = byName.get(name)?.bySymbol[symbol];
          if (s === undefined) return [name];
          return [
            name,
            String(s.overall.forecasts),
            price(s.overall),
            num(s.overall.persistenceMae, significant(s.overall.persistenceMae ?? 0)),
            num(s.overall.ratio, 4),
            num(s.overall.directionalAccuracy, 3),
            pValue(s.overall.dieboldMariano),
            ...s.byHorizonDay.map((d) => num(d.ratio, 4)),
          ];
        }),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** How the range models' published quantiles were calibrated (the naive ranges never are). */
function calibrationLine(report: BacktestReport): string {
  const { calibration, calibrationWarmUp } = report.request;
  if (calibration === 'none') return "Calibration: none, the range models' raw quantiles.";
  const start =
    calibrationWarmUp > 0
      ? `its state warmed up over the ${calibrationWarmUp} days before the first origin, as a running deployment's`
      : 'from a fresh state at the first origin';
  return `Calibration: online (adaptive conformal inference, as production publishes), ${start}.`;
}

/** The ranges: pooled, per horizon day and per symbol, each against the naive ranges on the same points. */
function rangeSections(report: BacktestReport, symbols: readonly string[]): string[] {
  const cov = (s: RangeScores, r: number) =>
    `${pct(s.coverage[r].rate)} (${pct(s.coverage[r].referenceRate)})`;
  return [
    '',
    '## Ranges',
    '',
    'Pinball = mean pinball loss of the log-return quantiles 0.05 .. 0.95; ratio = over that of the naive ranges',
    '(persistence+naive-empirical: the trailing year of h-day returns) on the same points (below 1 beats them).',
    'DM = Diebold-Mariano on pinball loss against the naive ranges, per origin day. Coverage: share of outcomes',
    "inside the 80% and 90% central ranges (the naive ranges' in parentheses); Kupiec p-value of the 90% range.",
    calibrationLine(report),
    '',
    table(
      [
        'model',
        'pinball ratio',
        'DM stat',
        'DM p-value',
        '80% coverage',
        '90% coverage',
        'Kupiec p (90%)',
        '90% width',
      ],
      report.ranges.map((m) => [
        m.model,
        num(m.overall.pinballRatio, 4),
        stat(m.overall.dieboldMariano),
        pValue(m.overall.dieboldMariano),
        cov(m.overall, 0),
        cov(m.overall, 1),
        num(m.overall.coverage[1].kupiec?.pValue ?? null, 3),
        num(m.overall.coverage[1].meanWidth, 4),
      ]),
    ),
    '',
    '### Pinball ratio by horizon day',
    '',
    table(
      ['model', ...Array.from({ length: report.horizon }, (_, k) => `d${k + 1}`)],
      report.ranges.map((m) => [m.model, ...m.byHorizonDay.map((d) => num(d.pinballRatio, 4))]),
    ),
    '',
    '### By symbol: pinball ratio, DM p-value, 80% and 90% coverage',
    '',
    table(
      ['model', ...symbols.flatMap((s) => [`${s} ratio`, `${s} DM p`, `${s} 80%`, `${s} 90%`])],
      report.ranges.map((m) => [
        m.model,
        ...symbols.flatMap((s) => {
          const t = m.bySymbol[s]?.overall;
          return t === undefined
            ? ['n/a', 'n/a', 'n/a', 'n/a']
            : [
                num(t.pinballRatio, 4),
                pValue(t.dieboldMariano),
                pct(t.coverage[0].rate),
                pct(t.coverage[1].rate),
              ];
        }),
      ]),
    ),
  ];
}

function pct(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)}%` : 'n/a';
}

function neuralLine(report: BacktestReport): string {
  const t = report.request.parameters;
  return (
    `- Networks: window ${t.window}, up to ${t.epochs} epochs (patience ${t.patience}), batch ${t.batchSize}, ` +
    `learning rate ${t.learningRate}, units ${t.units?.join(',') ?? 'default'}, validation ${t.validationFraction} ` +
    `of each fit's latest dates, seed ${t.seed}, trainer ${t.fitPath}, backend ${report.backend}.`
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function num(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function price(scores: PointScores): string {
  return num(scores.mae, significant(scores.persistenceMae ?? 0));
}

/** Decimals that show about four significant digits of a price-unit MAE (BTC's thousands, XRP's cents). */
function significant(value: number): number {
  if (!(value > 0)) return 2;
  return Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(value))));
}

function stat(dm: DieboldMarianoScore | null): string {
  return dm === null ? 'n/a' : dm.statistic.toFixed(2);
}

function pValue(dm: DieboldMarianoScore | null): string {
  if (dm === null) return 'n/a';
  return dm.pValue < 0.001 ? '<0.001' : dm.pValue.toFixed(3);
}
