import { backtestKey, type ObjectStore } from '@cf/storage';
import { serializeBacktestReport, type BacktestReport } from '@cf/forecasting';

/** The keys of a backtest's files. */
export interface BacktestKeys {
  readonly report: string;
  readonly markdown: string;
  readonly forecasts: string;
}

/**
 * Writes `backtests/{id}/`: `forecasts.csv`, `report.md`, then `report.json` last, so a reader that finds
 * `report.json` finds the rest. The same report gives the same bytes, so a re-run rewrites them identically.
 */
export async function writeBacktest(
  store: ObjectStore,
  files: { readonly report: BacktestReport; readonly markdown: string; readonly forecastsCsv: string },
): Promise<BacktestKeys> {
  const { id } = files.report;
  const keys: BacktestKeys = {
    forecasts: backtestKey(id, 'forecasts.csv'),
    markdown: backtestKey(id, 'report.md'),
    report: backtestKey(id, 'report.json'),
  };
  await store.put(keys.forecasts, files.forecastsCsv, { contentType: 'text/csv' });
  await store.put(keys.markdown, files.markdown, { contentType: 'text/markdown' });
  await store.put(keys.report, serializeBacktestReport(files.report), { contentType: 'application/json' });
  return keys;
}
