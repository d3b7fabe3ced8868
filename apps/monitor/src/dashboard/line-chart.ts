import { readoutLayer, type ChartReadout } from './chart-readout';
import { compactNumber, dayTicks, niceTicks, paddedDomain } from './chart-scales';
import { escapeHtml } from './html';

/** One line of a chart; `points` are (day number, value), already sorted by day. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly width?: number;
  readonly dash?: string;
  readonly opacity?: number;
  /** Marks each point with a dot (for sparse series). */
  readonly dots?: boolean;
  /** Draws only rings, no line (e.g. the days an outcome fell outside its range). */
  readonly dotsOnly?: boolean;
  /** Leave it out of the legend (e.g. the older forecast paths after the first). */
  readonly hideInLegend?: boolean;
  /** Extra class on the path, for tests and styling. */
  readonly kind: string;
}

/** A shaded area between a lower and an upper line; each segment is one area (e.g. one forecast's range). */
export interface ChartBand {
  readonly name: string;
  readonly color: string;
  readonly opacity: number;
  /** The swatch's opacity, when bands overlap (an inner band looks as dark as the bands under it together). */
  readonly legendOpacity?: number;
  readonly kind: string;
  readonly segments: readonly (readonly {
    readonly x: number;
    readonly lower: number;
    readonly upper: number;
  }[])[];
}

/** A chart: series, a y-axis label, optional horizontal reference lines, fixed size. */
export interface LineChartSpec {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** Shaded areas, drawn under the series. */
  readonly bands?: readonly ChartBand[];
  /** Labelled vertical lines (e.g. the day of the last close). */
  readonly xMarkers?: readonly { readonly x: number; readonly label: string }[];
  /** Per day, the numbers shown when pointing at it (see `readoutLayer`). */
  readonly readouts?: readonly ChartReadout[];
  readonly yLabel: string;
  readonly referenceLines?: readonly { readonly y: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
  readonly yFormat?: (value: number) => string;
  /** Values the y-axis must include besides the data (e.g. 0.5 for accuracy). */
  readonly yInclude?: readonly number[];
  readonly xDomain?: readonly [number, number];
}

const MARGIN = { top: 30, right: 16, bottom: 30, left: 58 };

/**
 * A self-contained SVG line chart (no script): axes with round ticks, dated x-axis, dashed reference lines,
 * shaded bands (`<path class="band {kind}">`), a legend, one `<path class="series {kind}">` per series (a
 * `<g class="markers {kind}">` of dots for a dots-only one) and, when given, a readout per day shown on hover or
 * focus. An empty chart says so instead of drawing axes.
 */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 260;
  const format = spec.yFormat ?? compactNumber;
  const plotted = spec.series.filter((s) => s.points.length > 0);
  const bands = (spec.bands ?? []).filter((b) => b.segments.some((segment) => segment.length > 0));
  const label = `${spec.title}`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" class="chart"><title>${escapeHtml(label)}</title>`;
  if (plotted.length === 0 && bands.length === 0) {
    return `${open}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="empty">No data yet</text></svg>`;
  }
  const bandPoints = bands.flatMap((b) => b.segments.flat());
  const xs = [...plotted.flatMap((s) => s.points.map((p) => p.x)), ...bandPoints.map((p) => p.x)];
  const [x0, x1] = spec.xDomain ?? [Math.min(...xs), Math.max(...xs)];
  const ys = [
    ...plotted.flatMap((s) => s.points.map((p) => p.y)),
    ...bandPoints.flatMap((p) => [p.lower, p.upper]),
  ];
  const [y0, y1] = paddedDomain(ys, [
    ...(spec.yInclude ?? []),
    ...(spec.referenceLines ?? []).map((r) => r.y),
  ]);
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const sx = (x: number) => (x1 === x0 ? (left + right) / 2 : left + ((x - x0) / (x1 - x0)) * (right - left));
  const sy = (y: number) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
  const parts: string[] = [open];

  parts.push('<g class="grid">');
  for (const tick of niceTicks(y0, y1, 5)) {
    const y = sy(tick).toFixed(1);
    parts.push(`<line x1="${left}" x2="${right}" y1="${y}" y2="${y}"/>`);
    parts.push(
      `<text x="${left - 6}" y="${y}" dy="0.32em" text-anchor="end">${escapeHtml(format(tick))}</text>`,
    );
  }
  for (const tick of dayTicks(x0, x1, Math.max(4, Math.floor(width / 110)))) {
    const px = sx(tick.x);
    const x = px.toFixed(1);
    const anchor = px > right - 24 ? 'end' : px < left + 24 ? 'start' : 'middle';
    parts.push(`<line class="x" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}"/>`);
    parts.push(`<text x="${x}" y="${bottom + 17}" text-anchor="${anchor}">${escapeHtml(tick.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(
    `<text class="ylabel" transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`,
  );
  parts.push('</g>');

  for (const ref of spec.referenceLines ?? []) {
    const y = sy(ref.y).toFixed(1);
    parts.push(
      `<g class="reference"><line x1="${left}" x2="${right}" y1="${y}" y2="${y}"/><text x="${right - 4}" y="${y}" dy="-0.4em" text-anchor="end">${escapeHtml(ref.label)}</text></g>`,
    );
  }

  for (const band of bands) {
    for (const segment of band.segments.filter((g) => g.length > 0)) {
      const upper = segment.map((p) => `${sx(p.x).toFixed(1)},${sy(p.upper).toFixed(1)}`);
      const lower = [...segment].reverse().map((p) => `${sx(p.x).toFixed(1)},${sy(p.lower).toFixed(1)}`);
      parts.push(
        `<path class="band ${band.kind}" data-points="${segment.length}" d="M${[...upper, ...lower].join('L')}Z" fill="${band.color}" fill-opacity="${band.opacity}" stroke="none"><title>${escapeHtml(band.name)}</title></path>`,
      );
    }
  }

  for (const marker of spec.xMarkers ?? []) {
    const x = sx(marker.x).toFixed(1);
    parts.push(
      `<g class="reference"><line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/><text x="${x}" y="${top}" dx="-4" dy="0.9em" text-anchor="end">${escapeHtml(marker.label)}</text></g>`,
    );
  }

  for (const s of plotted) {
    if (s.dotsOnly) {
      const dots = s.points.map(
        (p) =>
          `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="#ffffff" stroke="${s.color}" stroke-width="2"/>`,
      );
      parts.push(
        `<g class="markers ${s.kind}" data-points="${s.points.length}"><title>${escapeHtml(s.name)}</title>${dots.join('')}</g>`,
      );
      continue;
    }
    const d = s.points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join('');
    const style = [
      `stroke="${s.color}"`,
      `stroke-width="${s.width ?? 2}"`,
      s.dash ? `stroke-dasharray="${s.dash}"` : '',
      s.opacity !== undefined ? `stroke-opacity="${s.opacity}"` : '',
    ].join(' ');
    parts.push(
      `<path class="series ${s.kind}" data-points="${s.points.length}" d="${d}" fill="none" ${style} stroke-linejoin="round" stroke-linecap="round"><title>${escapeHtml(s.name)}</title></path>`,
    );
    if (s.dots) {
      for (const p of s.points)
        parts.push(
          `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" fill="${s.color}"/>`,
        );
    }
  }

  let lx = left;
  parts.push('<g class="legend">');
  for (const s of plotted.filter((p) => !p.hideInLegend)) {
    parts.push(
      s.dotsOnly
        ? `<circle cx="${lx + 9}" cy="12" r="4" fill="#ffffff" stroke="${s.color}" stroke-width="2"/>`
        : `<line x1="${lx}" x2="${lx + 18}" y1="12" y2="12" stroke="${s.color}" stroke-width="${Math.max(2, s.width ?? 2)}" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`,
    );
    parts.push(`<text x="${lx + 23}" y="12" dy="0.32em">${escapeHtml(s.name)}</text>`);
    lx += 32 + s.name.length * 6.4;
  }
  for (const band of bands) {
    parts.push(
      `<rect x="${lx}" y="6" width="18" height="12" fill="${band.color}" fill-opacity="${band.legendOpacity ?? band.opacity}"/>`,
    );
    parts.push(`<text x="${lx + 23}" y="12" dy="0.32em">${escapeHtml(band.name)}</text>`);
    lx += 32 + band.name.length * 6.4;
  }
  parts.push('</g>');
  if (spec.readouts !== undefined && spec.readouts.length > 0)
    parts.push(readoutLayer(spec.readouts, { left, right, top, bottom, sx }));
  parts.push('</svg>');
  return parts.join('');
}
