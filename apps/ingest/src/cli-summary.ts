import type { IngestReport } from './job/ingest-report';

/** The closing summary: a table per symbol, the failures with their reasons, and one verdict line. */
export function formatSummary(report: IngestReport): string {
  const header = ['symbol', 'status', 'pages', 'written', 'updated', 'unchanged', 'empty', 'candles', 'days'];
  const rows = report.symbols.map((s) => [
    s.symbol,
    s.status,
    `${s.pagesFetched}/${s.pagesPlanned}`,
    String(s.written),
    String(s.updated),
    String(s.unchanged),
    String(s.empty),
    String(s.candles),
    s.firstDay === undefined ? '-' : `${s.firstDay}..${s.lastDay}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lines = [format(header), ...rows.map(format)];

  for (const s of report.symbols) {
    if (s.error !== undefined) lines.push(`${s.symbol} failed: [${s.error.code}] ${s.error.message}`);
    if (s.malformedRows > 0) {
      lines.push(
        `${s.symbol}: ${s.malformedRows} malformed row(s) stored as received; preprocess quarantines them with their reasons`,
      );
    }
  }
  const t = report.totals;
  const range = `${report.from ?? 'first day'}..${report.to}`;
  const store = `(${report.mode} ${report.source} ${range}, store ${report.store})`;
  if (report.status === 'failed') {
    const names = report.symbols.filter((s) => s.status === 'failed').map((s) => s.symbol);
    lines.push(
      `${report.aborted ? 'aborted: ' : ''}failed for ${t.failed} of ${t.symbols} symbol(s) (${names.join(', ')}); ` +
        `${t.written} written, ${t.updated} updated, ${t.unchanged} unchanged ${store}`,
    );
  } else if (t.written + t.updated === 0) {
    lines.push(
      t.unchanged > 0
        ? `nothing new: ${t.unchanged} object${t.unchanged === 1 ? '' : 's'} unchanged ${store}`
        : `nothing new: the provider had no candles for these days ${store}`,
    );
  } else {
    lines.push(`${t.written} written, ${t.updated} updated, ${t.unchanged} unchanged ${store}`);
  }
  return `${lines.join('\n')}\n`;
}
