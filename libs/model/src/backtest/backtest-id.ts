import { createHash } from 'node:crypto';
import type { IsoDay } from '@cf/ohlcv';
import type { ResolvedBacktestRequest } from '@cf/forecasting';

/**
 * The id of a backtest: `bt-{from}-{to}-{12 hex}`, the hex from the sha256 of the resolved request, each
 * dataset's sha256 and the tfjs backend. The same request on the same data and backend gives the same id (and,
 * the fits being seeded, the same bytes), so a re-run rewrites `backtests/{id}/` identically.
 *
 * @example
 * backtestId(request, { BTC: 'ab12…' }, 'wasm'); // 'bt-20230211-20240210-3f9a0c1b2d4e'
 */
export function backtestId(
  request: ResolvedBacktestRequest & { readonly to: IsoDay },
  datasetSha256: Readonly<Record<string, string>>,
  backend: string,
): string {
  const data = Object.keys(datasetSha256)
    .sort()
    .map((symbol) => [symbol, datasetSha256[symbol]]);
  const hash = createHash('sha256')
    .update(JSON.stringify({ request, data, backend }))
    .digest('hex')
    .slice(0, 12);
  return `bt-${compact(request.from)}-${compact(request.to)}-${hash}`;
}

function compact(day: IsoDay): string {
  return day.replace(/-/g, '');
}
