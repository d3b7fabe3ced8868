import type { RangeScores } from '@cf/forecasting';
import type { AssetPanel, DashboardData } from './dashboard-data';
import { pct } from './format-cells';
import { escapeHtml as e } from './html';
import { coverageChart, fanChart, fanTable, skillChart } from './range-charts';

// The parts of the page about ranges: pooled, and per asset.

/** The pooled ranges: a sentence on the last 30 days, and the coverage and skill charts; or why there are none. */
export function overallRanges(data: DashboardData): string {
  if (data.overall.ranges.length === 0) {
    return `<p class="no-ranges">No forecast scored in these days carries ranges: ${e(liveModelSentence(data))}</p>`;
  }
  const month = data.overall.current['30']?.ranges;
  return `${month === undefined ? '' : `<p class="ranges-summary">${e(rangeSentence(month))}</p>`}<section class="grid2 overall-ranges">${coverageChart('All assets: coverage of the ranges, rolling 30 days', data.overall.ranges, data.minPoints)}${skillChart('All assets: pinball skill against the naive ranges, rolling 30 days', data.overall.ranges, data.minPoints)}</section>`;
}

/** An asset's fan chart with its table, and its coverage and skill charts; or says it has no ranges. */
export function assetRanges(asset: AssetPanel, minPoints: number): string {
  const parts: string[] = [];
  if (asset.fan === null) {
    parts.push(
      `<p class="no-ranges">${
        asset.model === null
          ? 'No forecast published yet.'
          : `This model (${e(asset.model)}) publishes no ranges: its forecasts are one path, without uncertainty.`
      }</p>`,
    );
  } else {
    parts.push(fanChart(asset.symbol, asset.fan), fanTable(asset.fan));
  }
  if (asset.ranges.length > 0) {
    parts.push(
      `<div class="grid2">${coverageChart(`${asset.symbol}: coverage of the ranges, rolling 30 days`, asset.ranges, minPoints)}${skillChart(`${asset.symbol}: pinball skill against the naive ranges, rolling 30 days`, asset.ranges, minPoints)}</div>`,
    );
  }
  return `<div class="ranges">${parts.join('')}</div>`;
}

/** A line on an asset's 30-day ranges for its heading; empty without them. */
export function rangeHeading(ranges: RangeScores | undefined): string {
  if (ranges === undefined) return '';
  const [c80, c90] = ranges.coverage;
  return `; ranges held ${pct(c80.rate)} (80%) and ${pct(c90.rate)} (90%)`;
}

function rangeSentence(r: RangeScores): string {
  const [c80, c90] = r.coverage;
  const skill = r.pinballRatio === null ? null : 1 - r.pinballRatio;
  const p = r.dieboldMariano?.pValue;
  const significance =
    p == null ? '' : ` (Diebold-Mariano p = ${p.toFixed(3)}${p < 0.05 ? '' : ': not significant'})`;
  const skillText =
    skill === null
      ? ''
      : ` Their pinball loss is ${Math.abs(skill * 100).toFixed(1)}% ${skill > 0 ? 'lower' : 'higher'} than the naive ranges'${significance}.`;
  return `Ranges over the last 30 days (${r.points} forecast steps): the 80% ranges held ${pct(c80.rate)} of outcomes (naive ranges ${pct(c80.referenceRate)}), the 90% ranges ${pct(c90.rate)} (naive ${pct(c90.referenceRate)}).${skillText}`;
}

function liveModelSentence(data: DashboardData): string {
  const model = data.status.promoted?.model;
  return model === undefined ? 'no model is promoted.' : `the live model (${model}) publishes no ranges.`;
}
