import type { IsoDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { WHOLE_OBJECT } from '../parsers/raw-problem';
import { addToQuarantine, toQuarantineEntry, type QuarantineEntry } from './quarantine';
import type { ListedReading } from './read-listed';
import type { ValidatedObject } from './validate-reading';

/** What filing one batch of objects' problems added. */
export interface FiledQuarantine {
  /** Entries added per symbol file. */
  readonly bySymbol: Map<string, number>;
  /** Entries added to `unattributed.json`. */
  readonly unattributed: number;
  /** Objects quarantined whole. */
  readonly whole: number;
}

/**
 * Files the problems of newly processed object versions under the run's day: one warning per object (whole or
 * with its rows' reasons), entries grouped by the symbol each reading is filed under.
 */
export async function fileQuarantine(
  deps: { readonly store: ObjectStore; readonly logger: Logger },
  today: IsoDay,
  newVersions: readonly ListedReading[],
  validated: ReadonlyMap<string, ValidatedObject>,
): Promise<FiledQuarantine> {
  const groups = new Map<string | undefined, QuarantineEntry[]>();
  let whole = 0;
  for (const { info, reading } of newVersions) {
    const problems = validated.get(info.key)?.problems ?? reading.parsed.problems;
    if (problems.length === 0) continue;
    const first = problems[0];
    if (first.at === WHOLE_OBJECT) {
      whole += 1;
      deps.logger.warn(
        { rawKey: info.key, reason: first.reasons[0], detail: first.detail },
        'raw object quarantined',
      );
    } else {
      const reasons: Record<string, number> = {};
      for (const p of problems) reasons[p.reasons[0]] = (reasons[p.reasons[0]] ?? 0) + 1;
      deps.logger.warn({ rawKey: info.key, rows: problems.length, reasons }, 'raw rows quarantined');
    }
    const group = groups.get(reading.symbol) ?? [];
    group.push(...problems.map(toQuarantineEntry));
    groups.set(reading.symbol, group);
  }
  const bySymbol = new Map<string, number>();
  let unattributed = 0;
  for (const [symbol, entries] of groups) {
    const { added } = await addToQuarantine(deps.store, today, symbol, entries);
    if (symbol === undefined) unattributed += added;
    else bySymbol.set(symbol, added);
  }
  return { bySymbol, unattributed, whole };
}
