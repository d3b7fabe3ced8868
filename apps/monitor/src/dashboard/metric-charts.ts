import { dayNumber } from './chart-scales';
import type { RollingPoint } from './dashboard-data';
import { escapeHtml as e } from './html';
import { lineChart, type ChartSeries } from './line-chart';

// The rolling-metric charts of the dashboard and their shared pieces.

/** Series colours, the same on every chart. */
export const COLORS = {
  actual: '#111827',
  model: '#2563eb',
  drift: '#d97706',
  persistence: '#6b7280',
  latest: '#dc2626',
  range80: '#2563eb',
  range90: '#7c3aed',
  miss80: '#f59e0b',
  miss90: '#be123c',
};

/** Rolling values resting on too few forecast steps are noise: they are not drawn. */
export function enough(rolling: readonly RollingPoint[], minPoints: number): RollingPoint[] {
  return rolling.filter((r) => r.points >= minPoints);
}

/** Rolling MAE ratio to persistence of the model and drift, with the persistence line at 1. */
export function ratioChart(
  title: string,
  rolling: readonly RollingPoint[],
  minPoints: number,
  width = 640,
): string {
  const chart = lineChart({
    title,
    width,
    yLabel: 'MAE ÷ persistence MAE',
    yFormat: (v) => v.toFixed(2),
    referenceLines: [{ y: 1, label: 'persistence = 1' }],
    series: [
      series('model', COLORS.model, rolling, (r) => r.ratioModel, 'ratio-model'),
      series('drift', COLORS.drift, rolling, (r) => r.ratioDrift, 'ratio-drift', '6 4'),
    ],
  });
  return figure(
    chart,
    `Below 1: better than repeating the last close. Days with fewer than ${minPoints} scored steps in the window are not drawn.`,
  );
}

/** Rolling MAE of model, persistence and drift in price units. */
export function maeChart(
  title: string,
  rolling: readonly RollingPoint[],
  minPoints: number,
  width = 640,
): string {
  const chart = lineChart({
    title,
    width,
    yLabel: 'MAE (USD)',
    series: [
      series('model', COLORS.model, rolling, (r) => r.maeModel, 'mae-model'),
      series('persistence', COLORS.persistence, rolling, (r) => r.maePersistence, 'mae-persistence', '2 3'),
      series('drift', COLORS.drift, rolling, (r) => r.maeDrift, 'mae-drift', '6 4'),
    ],
  });
  return figure(
    chart,
    `Mean absolute error of the closes forecast for the last 30 days, all horizon days. Days with fewer than ${minPoints} scored steps are not drawn.`,
  );
}

/** Rolling directional accuracy of the model and drift, with the coin-flip line at 50 %. */
export function accuracyChart(
  title: string,
  rolling: readonly RollingPoint[],
  minPoints: number,
  width = 640,
): string {
  const chart = lineChart({
    title,
    width,
    yLabel: 'direction right',
    yFormat: (v) => `${Math.round(v * 100)}%`,
    yInclude: [0.3, 0.7],
    referenceLines: [{ y: 0.5, label: 'coin flip 50%' }],
    series: [
      series('model', COLORS.model, rolling, (r) => r.accuracyModel, 'accuracy-model'),
      series('drift', COLORS.drift, rolling, (r) => r.accuracyDrift, 'accuracy-drift', '6 4'),
    ],
  });
  return figure(
    chart,
    `Share of forecast steps with the right direction; persistence never predicts a move (about 0%), so compare with 50%.`,
  );
}

/** A chart series from the rolling points where `value` is defined. */
export function series(
  name: string,
  color: string,
  rolling: readonly RollingPoint[],
  value: (r: RollingPoint) => number | null,
  kind: string,
  dash?: string,
): ChartSeries {
  const points = rolling.flatMap((r) => {
    const y = value(r);
    return y === null ? [] : [{ x: dayNumber(r.date), y }];
  });
  return { name, color, kind, points, ...(dash ? { dash } : {}), dots: points.length < 3 };
}

/** A chart with its caption (and a class naming the chart, e.g. `fan`). */
export function figure(svg: string, caption: string, className?: string): string {
  return `<figure${className === undefined ? '' : ` class="${e(className)}"`}>${svg}<figcaption>${e(caption)}</figcaption></figure>`;
}
