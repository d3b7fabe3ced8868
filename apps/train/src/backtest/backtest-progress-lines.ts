import type { BacktestProgress } from '@cf/forecasting';
import type { BacktestResult } from '@cf/model';

/**
 * The line printed for a progress event of a backtest, or undefined for none:
 * - start: the plan (refits, models, forecasts per model);
 * - epoch: `refit 1/4 lstm/scale-free cut-off 2023-02-11  epoch 3/15  loss …  val_loss …  5.12 s/epoch`;
 * - refit: the fit and forecast times of one model at one cut-off, the time so far and the estimate left.
 */
export function formatBacktestProgress(event: BacktestProgress): string | undefined {
  switch (event.type) {
    case 'start':
      return (
        `backtest ${event.id}: ${event.refits} refit(s) from ${event.from} to ${event.to}, models ${event.models.join(', ')}, ` +
        `${event.forecasts} forecasts each over ${event.symbols.join(', ')}`
      );
    case 'epoch': {
      const e = event.epoch;
      return (
        `refit ${event.refit}/${event.refits} ${event.model} cut-off ${event.cutoff}  epoch ${e.epoch}/${e.epochs}  ` +
        `loss ${e.loss.toFixed(5)}  ${e.validationLoss === null ? 'no validation' : `val_loss ${e.validationLoss.toFixed(5)}`}  ` +
        `${e.seconds.toFixed(2)} s/epoch`
      );
    }
    case 'refit': {
      const chosen = Object.entries(event.fit.chosen)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const fit = `fit ${seconds(event.fitSeconds)}${chosen === '' ? '' : ` (chose ${chosen})`}`;
      const audit = event.auditSeconds > 0 ? `, audit ${seconds(event.auditSeconds)}` : '';
      const left =
        event.etaSeconds === undefined ? 'estimating time left' : `about ${duration(event.etaSeconds)} left`;
      return (
        `refit ${event.refit}/${event.refits} ${event.model} cut-off ${event.cutoff}: ${fit}, ` +
        `${event.forecasts} forecasts ${seconds(event.predictSeconds)}${audit}; elapsed ${duration(event.elapsedSeconds)}, ${left}`
      );
    }
  }
}

/** The end of a backtest: where it was written, the report's tables, and a plain verdict against persistence. */
export function formatBacktestSummary(
  result: BacktestResult,
  location: string,
  elapsedSeconds: number,
): string {
  const best = result.report.ranking.find((r) => r.model !== 'persistence');
  const verdict =
    best === undefined || best.ratio === null
      ? 'Only persistence was run.'
      : best.ratio < 1
        ? `Best model: ${best.model}, pooled ratio to persistence ${best.ratio.toFixed(4)} (Diebold-Mariano p-value ${best.pValue?.toFixed(3) ?? 'n/a'}).`
        : `No model beats persistence: the best, ${best.model}, has a pooled ratio of ${best.ratio.toFixed(4)}.`;
  return [
    `backtest ${result.id} written to ${location} (report.json, report.md, forecasts.csv) in ${duration(elapsedSeconds)}`,
    '',
    result.markdown.trimEnd(),
    '',
    verdict,
    '',
  ].join('\n');
}

function seconds(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} s`;
}

/** `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function duration(value: number): string {
  const s = Math.round(value);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
