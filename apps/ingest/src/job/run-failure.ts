import { IngestRunFailedError, type IngestErrorKind } from '../errors';
import type { IngestReport } from './ingest-report';

/**
 * The error that stands for a failed run (for exit codes and Lambda failures): its kind is the failed
 * symbols' common kind, else `unavailable`; its message names each failed symbol and why. `undefined`
 * when the run succeeded.
 */
export function runFailureOf(report: IngestReport): IngestRunFailedError | undefined {
  const failed = report.symbols.filter((s) => s.status === 'failed');
  if (failed.length === 0) return undefined;
  const kinds = new Set(failed.map((s) => s.error?.kind ?? 'internal'));
  const [only] = [...kinds];
  const kind: IngestErrorKind = kinds.size === 1 && isKind(only) ? only : 'unavailable';
  const reasons = failed.map(
    (s) => `${s.symbol} (${s.error?.code ?? 'INGEST_UNKNOWN'}: ${s.error?.message ?? 'no reason'})`,
  );
  return new IngestRunFailedError(
    `ingest ${report.mode} from ${report.source} failed for ${failed.length} of ${report.symbols.length} symbol(s): ${reasons.join('; ')}`,
    kind,
  );
}

function isKind(value: string | undefined): value is IngestErrorKind {
  return (
    value === 'input' ||
    value === 'not-found' ||
    value === 'conflict' ||
    value === 'unavailable' ||
    value === 'internal'
  );
}
