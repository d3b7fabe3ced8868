import { compareKeys, type ObjectInfo } from '@cf/storage';
import type { SymbolWork } from './process-symbol';
import { symbolOfRawKey } from '../parsers/raw-key';

/** What the run knows before reading anything, to plan each symbol's work. */
export interface WorkPlanInputs {
  /** Whether a listed object must be read (new, changed, asked for, or every object with `full`). */
  readonly toRead: (info: ObjectInfo) => boolean;
  /** Symbols an object consumed earlier has vanished from. */
  readonly rebuild: ReadonlySet<string>;
  /** Symbols with a published dataset. */
  readonly datasets: ReadonlySet<string>;
}

/**
 * Groups the raw listing by the symbol of each key (`symbol=`), sorted by symbol, with the objects of keys
 * that name no valid symbol last (`symbol: undefined`). Every symbol with an object, a dataset or a vanished
 * object gets its work item, so nothing needs to be read to know which symbols a run touches.
 */
export function planSymbolWork(listing: readonly ObjectInfo[], inputs: WorkPlanInputs): SymbolWork[] {
  const bySymbol = new Map<string | undefined, ObjectInfo[]>();
  for (const info of listing) {
    const symbol = symbolOfRawKey(info.key);
    const group = bySymbol.get(symbol);
    if (group === undefined) bySymbol.set(symbol, [info]);
    else group.push(info);
  }
  const symbols = new Set<string>([...inputs.datasets, ...inputs.rebuild]);
  for (const symbol of bySymbol.keys()) if (symbol !== undefined) symbols.add(symbol);
  const work: SymbolWork[] = [...symbols].sort(compareKeys).map((symbol) => {
    const listed = bySymbol.get(symbol) ?? [];
    return {
      symbol,
      listed,
      toRead: listed.filter(inputs.toRead),
      mustRebuild: inputs.rebuild.has(symbol),
      hasDataset: inputs.datasets.has(symbol),
    };
  });
  const strays = bySymbol.get(undefined);
  if (strays !== undefined) {
    work.push({
      symbol: undefined,
      listed: strays,
      toRead: strays.filter(inputs.toRead),
      mustRebuild: false,
      hasDataset: false,
    });
  }
  return work;
}
