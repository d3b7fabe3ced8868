import { dayNumber } from './chart-scales';
import type { FanChart, FanDay, FanStep } from './fan-data';
import { pct, priceText, signedPct } from './format-cells';
import { escapeHtml as e } from './html';
import { lineChart, type ChartBand, type ChartSeries } from './line-chart';
import { COLORS, figure } from './metric-charts';
import type { RollingRangePoint } from './range-rolling';

// The charts of the forecasts' ranges: the fan chart of the latest forecast, and the rolling coverage and
// pinball skill against the naive ranges. Every drawn day has a readout shown on hover or focus.

const BANDS = [
  { name: '90% range', pick: (s: FanStep) => s.range90, opacity: 0.13, kind: 'band-90' },
  { name: '80% range', pick: (s: FanStep) => s.range80, opacity: 0.15, kind: 'band-80' },
  { name: '50% range', pick: (s: FanStep) => s.range50, opacity: 0.22, kind: 'band-50' },
] as const;

/**
 * The fan chart: the actual closes, each drawn forecast's point path and its 50%, 80% and 90% ranges of the
 * close fanning out from the close it started from (earlier forecasts next to what happened, outcomes outside
 * their 80% or 90% range marked), the latest forecast ahead of the last close.
 */
export function fanChart(symbol: string, fan: FanChart): string {
  // One drawn forecast per origin: where it started (drawn when inside the chart) and the days it covers.
  const byOrigin = new Map<
    string,
    { origin: string; latest: boolean; steps: { x: number; step: FanStep }[] }
  >();
  for (const { date, forecast } of fan.days) {
    if (forecast === null) continue;
    const entry = byOrigin.get(forecast.origin) ?? {
      origin: forecast.origin,
      latest: forecast.latest,
      steps: [],
    };
    entry.steps.push({ x: dayNumber(date), step: forecast });
    byOrigin.set(forecast.origin, entry);
  }
  const first = fan.days[0].date;
  const forecasts = [...byOrigin.values()].map((f) => {
    const lastClose = f.steps[0].step.lastClose;
    return { ...f, start: f.origin >= first ? [{ x: dayNumber(f.origin), lastClose }] : [] };
  });
  let opacityUnder = 0;
  const bands: ChartBand[] = BANDS.map((band) => {
    opacityUnder = 1 - (1 - opacityUnder) * (1 - band.opacity);
    return {
      name: band.name,
      color: COLORS.model,
      opacity: band.opacity,
      legendOpacity: opacityUnder,
      kind: `band ${band.kind}`,
      segments: forecasts.map((f) => [
        ...f.start.map((p) => ({ x: p.x, lower: p.lastClose, upper: p.lastClose })),
        ...f.steps.map((d) => ({ x: d.x, ...band.pick(d.step) })),
      ]),
    };
  });
  const firstPast = forecasts.findIndex((f) => !f.latest);
  const paths: ChartSeries[] = forecasts.map((f, i) => ({
    name: f.latest ? `latest forecast (${f.origin})` : 'earlier forecasts',
    color: f.latest ? COLORS.latest : COLORS.model,
    width: f.latest ? 2.4 : 1.4,
    dash: f.latest ? '5 3' : undefined,
    hideInLegend: !f.latest && i !== firstPast,
    kind: f.latest ? 'fan-point latest' : 'fan-point',
    points: [
      ...f.start.map((p) => ({ x: p.x, y: p.lastClose })),
      ...f.steps.map((d) => ({ x: d.x, y: d.step.point })),
    ],
  }));
  const outside = (range: 'range80' | 'range90') =>
    fan.days.flatMap((d) =>
      d.actual !== null && d.forecast !== null && !inside(d.actual, d.forecast[range])
        ? [{ x: dayNumber(d.date), y: d.actual }]
        : [],
    );
  const miss90 = outside('range90');
  const miss80 = outside('range80').filter((p) => !miss90.some((m) => m.x === p.x));
  const chart = lineChart({
    title: `${symbol}: latest forecast with its ranges, and earlier forecasts' ranges beside what happened`,
    width: 1280,
    height: 320,
    yLabel: 'close (USD)',
    bands,
    xMarkers: [{ x: dayNumber(fan.origin), label: `last close ${fan.origin}` }],
    series: [
      {
        name: 'actual close',
        color: COLORS.actual,
        width: 1.8,
        kind: 'fan-actual',
        points: fan.days.flatMap((d) => (d.actual === null ? [] : [{ x: dayNumber(d.date), y: d.actual }])),
      },
      ...paths,
      {
        name: 'outside its 80% range',
        color: COLORS.miss80,
        kind: 'miss-80',
        dotsOnly: true,
        points: miss80,
      },
      {
        name: 'outside its 90% range',
        color: COLORS.miss90,
        kind: 'miss-90',
        dotsOnly: true,
        points: miss90,
      },
    ],
    readouts: fan.days.map((d) => ({ x: dayNumber(d.date), date: d.date, lines: fanReadout(d) })),
  });
  return figure(
    chart,
    `Shaded: the 50%, 80% and 90% ranges of the close, each fanning out from the close its forecast was made from (one forecast every ${fan.horizon} days, as in the chart below). A well-calibrated 80% range misses about one outcome in five. Point at a day for its numbers.`,
    'fan',
  );
}

/** The lines of a fan chart day's readout. */
export function fanReadout(day: FanDay): string[] {
  const f = day.forecast;
  const where =
    day.actual === null || f === null
      ? ''
      : inside(day.actual, f.range80)
        ? ' (inside the 80% range)'
        : inside(day.actual, f.range90)
          ? ' (outside the 80%, inside the 90% range)'
          : ' (outside the 90% range)';
  const lines = [
    day.date,
    day.actual === null ? 'actual close not known yet' : `actual ${priceText(day.actual)}${where}`,
  ];
  if (f === null) return [...lines, 'no forecast with ranges drawn for this day'];
  const band = (name: string, r: { lower: number; upper: number }) =>
    `${name} ${priceText(r.lower)} – ${priceText(r.upper)}`;
  return [
    ...lines,
    `${f.latest ? 'latest forecast' : 'forecast'} of ${f.origin}, day ${f.horizonDay}`,
    `median ${priceText(f.median)}`,
    band('50%', f.range50),
    band('80%', f.range80),
    band('90%', f.range90),
  ];
}

/** Rolling coverage of the 80% and 90% ranges beside the naive ranges', with the nominal lines. */
export function coverageChart(
  title: string,
  points: readonly RollingRangePoint[],
  minPoints: number,
  width = 640,
): string {
  const drawn = points.filter((p) => p.points >= minPoints);
  const at = (k: number, naive: boolean) =>
    drawn.flatMap((p) => {
      const c = p.coverage[k];
      return c === undefined ? [] : [{ x: dayNumber(p.date), y: naive ? c.naiveRate : c.rate }];
    });
  const chart = lineChart({
    title,
    width,
    yLabel: 'outcomes inside the range',
    yFormat: (v) => `${Math.round(v * 100)}%`,
    yInclude: [0.7, 1],
    referenceLines: [
      { y: 0.8, label: 'nominal 80%' },
      { y: 0.9, label: 'nominal 90%' },
    ],
    series: [
      { name: '80% range', color: COLORS.range80, kind: 'coverage-80', points: at(0, false) },
      {
        name: 'naive 80%',
        color: COLORS.range80,
        kind: 'coverage-80-naive',
        dash: '6 4',
        points: at(0, true),
      },
      { name: '90% range', color: COLORS.range90, kind: 'coverage-90', points: at(1, false) },
      {
        name: 'naive 90%',
        color: COLORS.range90,
        kind: 'coverage-90-naive',
        dash: '6 4',
        points: at(1, true),
      },
    ].map((s) => ({ ...s, dots: s.points.length < 3 })),
    readouts: drawn.map((p) => ({
      x: dayNumber(p.date),
      date: p.date,
      lines: [
        `${p.date} · ${p.points} steps`,
        ...p.coverage.map(
          (c) => `${Math.round(c.nominal * 100)}% range held ${pct(c.rate)} (naive ${pct(c.naiveRate)})`,
        ),
      ],
    })),
  });
  return figure(
    chart,
    `Share of the last 30 days' outcomes inside the forecasts' 80% and 90% ranges (solid) and inside the naive ranges (dashed: the past year's returns). Near the nominal lines is right. Days with fewer than ${minPoints} scored steps are not drawn.`,
    'coverage',
  );
}

/** Rolling pinball skill against the naive ranges, with the line at 0. */
export function skillChart(
  title: string,
  points: readonly RollingRangePoint[],
  minPoints: number,
  width = 640,
): string {
  const drawn = points.flatMap((p) =>
    p.points >= minPoints && p.skill !== null ? [{ ...p, skill: p.skill }] : [],
  );
  const chart = lineChart({
    title,
    width,
    yLabel: '1 − pinball ÷ naive pinball',
    yFormat: (v) => (v === 0 ? '0%' : signedPct(v).replace('.0%', '%')),
    yInclude: [-0.05, 0.05],
    referenceLines: [{ y: 0, label: 'naive ranges = 0' }],
    series: [
      {
        name: 'pinball skill',
        color: COLORS.model,
        kind: 'skill',
        points: drawn.map((p) => ({ x: dayNumber(p.date), y: p.skill })),
        dots: drawn.length < 3,
      },
    ],
    readouts: drawn.map((p) => ({
      x: dayNumber(p.date),
      date: p.date,
      lines: [
        `${p.date} · ${p.points} steps`,
        `pinball skill ${signedPct(p.skill)}`,
        `pinball ${p.pinball.toPrecision(3)}, naive ${p.naivePinball.toPrecision(3)}`,
        `Diebold-Mariano p ${p.dieboldMarianoPValue === null ? 'n/a' : p.dieboldMarianoPValue.toFixed(3)}`,
      ],
    })),
  });
  return figure(
    chart,
    `Pinball loss of the forecasts' quantiles over the last 30 days, relative to the naive ranges' on the same steps: above 0 beats the naive ranges. Days with fewer than ${minPoints} scored steps are not drawn.`,
    'skill',
  );
}

/** The latest forecast's ranges as a table, readable without pointing at the chart. */
export function fanTable(fan: FanChart): string {
  const range = (r: { lower: number; upper: number }) => `${priceText(r.lower)} – ${priceText(r.upper)}`;
  const rows = fan.days
    .flatMap(({ date, forecast: f }) =>
      f === null || !f.latest || date <= fan.origin
        ? []
        : [
            `<tr><td>${f.horizonDay}</td><td class="text">${e(date)}</td><td>${priceText(f.median)}</td><td>${range(f.range50)}</td><td>${range(f.range80)}</td><td>${range(f.range90)}</td></tr>`,
          ],
    )
    .join('');
  return `<table class="fan-table"><thead><tr><th class="text">day</th><th class="text">date</th><th>median</th><th>50% range</th><th>80% range</th><th>90% range</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function inside(value: number, range: { lower: number; upper: number }): boolean {
  return range.lower <= value && value <= range.upper;
}
