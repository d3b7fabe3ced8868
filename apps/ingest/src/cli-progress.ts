import type { IngestProgress } from './job/ingest-report';

/** Where progress goes: stderr, which may be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A progress display: `update` after each page, `end` before the summary is printed. */
export interface ProgressDisplay {
  update(progress: IngestProgress): void;
  end(): void;
}

/**
 * Pages done per symbol. On a terminal, one line rewritten in place (`BTC 3/7  ETH 2/7 ✓ ...`); otherwise
 * (a pipe, a log file, CI) one plain line per page and per finished symbol, so nothing is overwritten.
 */
export function createProgressDisplay(stream: ProgressStream, symbols: readonly string[]): ProgressDisplay {
  const state = new Map<string, IngestProgress>();
  let drawn = false;

  const line = (): string =>
    symbols
      .map((symbol) => {
        const p = state.get(symbol);
        if (p === undefined) return `${symbol} …`;
        const mark = p.finished === 'succeeded' ? ' ✓' : p.finished === 'failed' ? ' ✗' : '';
        return `${symbol} ${p.pagesDone}/${p.pagesPlanned}${mark}`;
      })
      .join('  ');

  return {
    update(progress) {
      state.set(progress.symbol, progress);
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line()}`);
        drawn = true;
        return;
      }
      if (progress.finished !== undefined) {
        stream.write(
          `${progress.symbol} ${progress.finished} after ${progress.pagesDone}/${progress.pagesPlanned} page(s)\n`,
        );
      } else if (progress.last !== undefined) {
        const days =
          progress.last.from === undefined ? progress.last.to : `${progress.last.from}..${progress.last.to}`;
        stream.write(
          `${progress.symbol} page ${progress.pagesDone}/${progress.pagesPlanned}: ${progress.last.outcome} ${days}\n`,
        );
      }
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
