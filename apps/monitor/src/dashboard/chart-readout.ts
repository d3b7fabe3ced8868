import { escapeHtml as e } from './html';

/** What pointing at (or focusing) one day of a chart shows: its numbers, one line each, the first in bold. */
export interface ChartReadout {
  /** The day number (x) and the day. */
  readonly x: number;
  readonly date: string;
  readonly lines: readonly string[];
}

/** The plot area of a chart and its x scale. */
export interface PlotFrame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly sx: (x: number) => number;
}

const LINE_HEIGHT = 14;
const CHAR_WIDTH = 6.2;

/**
 * One focusable column per day (`<g class="day" tabindex="0">`): a transparent hit area tiling the plot between
 * the neighbouring days, and a readout (a guide line and a box with the day's lines) that the stylesheet shows
 * only on `:hover` and `:focus`. No script: the numbers are in the page, hidden until pointed at.
 */
export function readoutLayer(readouts: readonly ChartReadout[], frame: PlotFrame): string {
  const sorted = [...readouts].sort((a, b) => a.x - b.x);
  const xs = sorted.map((r) => frame.sx(r.x));
  const parts = ['<g class="readouts">'];
  sorted.forEach((readout, i) => {
    const px = xs[i];
    const from = i === 0 ? frame.left : (xs[i - 1] + px) / 2;
    const to = i === sorted.length - 1 ? frame.right : (px + xs[i + 1]) / 2;
    const width = Math.max(...readout.lines.map((l) => l.length)) * CHAR_WIDTH + 14;
    const height = readout.lines.length * LINE_HEIGHT + 8;
    const boxX = px + 8 + width <= frame.right ? px + 8 : Math.max(frame.left, px - 8 - width);
    const boxY = frame.top + 4;
    const text = readout.lines
      .map(
        (line, k) =>
          `<tspan x="${(boxX + 7).toFixed(1)}" y="${(boxY + 4 + LINE_HEIGHT * (k + 0.75)).toFixed(1)}"${k === 0 ? ' class="head"' : ''}>${e(line)}</tspan>`,
      )
      .join('');
    parts.push(
      `<g class="day" tabindex="0" data-date="${e(readout.date)}" aria-label="${e(readout.lines.join('; '))}">` +
        `<rect class="hit" x="${from.toFixed(1)}" y="${frame.top}" width="${Math.max(1, to - from).toFixed(1)}" height="${frame.bottom - frame.top}"/>` +
        `<g class="readout"><line class="guide" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${frame.top}" y2="${frame.bottom}"/>` +
        `<rect class="box" x="${boxX.toFixed(1)}" y="${boxY}" width="${width.toFixed(1)}" height="${height}" rx="4"/>` +
        `<text>${text}</text></g></g>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}
