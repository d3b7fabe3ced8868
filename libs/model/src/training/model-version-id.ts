import { createHash } from 'node:crypto';
import type { TrainingParameters } from '@cf/forecasting';

/**
 * A model version id: the UTC time of `now` to the second, then the first 8 hex digits of the sha256 of the
 * request and of every input dataset's sha256, e.g. `20240211T120000Z-1a2b3c4d`. The same parameters and cut-off on the same
 * data at the same second gives the same id (so it cannot be written twice); anything else gives another.
 *
 * @example
 * modelVersionId(new Date('2024-02-11T12:00:00Z'), request, { BTC: 'ab12…' }); // '20240211T120000Z-…'
 */
export function modelVersionId(
  now: Date,
  request: TrainingParameters & { readonly cutoff: string },
  dataSha256: Readonly<Record<string, string>>,
): string {
  const time = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const data = Object.keys(dataSha256)
    .sort()
    .map((symbol) => [symbol, dataSha256[symbol]]);
  const hash = createHash('sha256')
    .update(JSON.stringify({ request: canonical(request), data }))
    .digest('hex');
  return `${time}-${hash.slice(0, 8)}`;
}

/** The request with its keys sorted, so the hash does not depend on property order. */
function canonical(request: object): [string, unknown][] {
  return Object.entries(request).sort(([a], [b]) => (a < b ? -1 : 1));
}
