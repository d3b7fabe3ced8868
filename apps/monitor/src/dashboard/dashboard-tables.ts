import type { Alert } from '../alerts/alert';
import type { GroupWithHorizons } from '../evaluation/group-metrics';
import { compactNumber } from './chart-scales';
import type { DashboardData } from './dashboard-data';
import { fmt, pct, pill, signedPct } from './format-cells';
import { escapeHtml as e } from './html';

// The dashboard's tables: rolling metrics and range scores per asset, alerts, promotions.

/** The 7- and 30-day metrics per asset and pooled, ratios coloured by whether they beat persistence. */
export function metricsTable(data: DashboardData): string {
  const rows: [string, Readonly<Record<string, GroupWithHorizons | null>>][] = [
    ...data.assets.map(
      (a) => [a.symbol, a.current] as [string, Readonly<Record<string, GroupWithHorizons | null>>],
    ),
    ['All (relative)', data.overall.current],
  ];
  const body = rows
    .map(([name, windows]) => {
      const w7 = windows['7'] ?? null;
      const w30 = windows['30'] ?? null;
      const unit =
        w30?.unit === 'fraction-of-last-close' ? (v: number) => `${(v * 100).toFixed(2)}%` : compactNumber;
      return `<tr><td>${e(name)}</td><td>${w7?.n ?? 0}</td>${ratioCell(w7?.ratioToPersistence.model ?? null)}<td>${w30?.n ?? 0}</td><td>${w30 ? unit(w30.mae.model) : ''}</td><td>${w30 ? unit(w30.mae.persistence) : ''}</td><td>${w30?.mae.drift == null ? '' : unit(w30.mae.drift)}</td>${ratioCell(w30?.ratioToPersistence.model ?? null)}${ratioCell(w30?.ratioToPersistence.drift ?? null)}<td>${w30 ? pct(w30.directionalAccuracy.model) : ''}</td><td>${w30?.directionalAccuracy.drift == null ? '' : pct(w30.directionalAccuracy.drift)}</td><td>${fmt(w30?.dieboldMariano?.pValue ?? null, 3)}</td></tr>`;
    })
    .join('');
  return `<h2>Rolling metrics on ${e(data.window.to)}</h2><table id="metrics"><thead><tr><th class="text">asset</th><th>7d steps</th><th>7d ratio</th><th>30d steps</th><th>MAE model</th><th>MAE persistence</th><th>MAE drift</th><th>ratio model</th><th>ratio drift</th><th>DA model</th><th>DA drift</th><th>DM p-value</th></tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The 30-day range scores per asset and pooled: coverage of the 80% and 90% ranges and width of the 90% range
 * beside the naive ranges', pinball skill (green above 0: better than the naive ranges) and its Diebold-Mariano
 * p-value, Kupiec's p-values of the coverage.
 */
export function rangesTable(data: DashboardData): string {
  const rows: [string, GroupWithHorizons | null][] = [
    ...data.assets.map((a) => [a.symbol, a.current['30'] ?? null] as [string, GroupWithHorizons | null]),
    ['All', data.overall.current['30'] ?? null],
  ];
  const body = rows
    .map(([name, w]) => {
      const r = w?.ranges;
      if (r === undefined)
        return `<tr><td>${e(name)}</td><td class="text" colspan="10">no ranges scored</td></tr>`;
      const [c80, c90] = r.coverage;
      const skill = r.pinballRatio === null ? null : 1 - r.pinballRatio;
      const skillCell =
        skill === null
          ? '<td></td>'
          : `<td class="${skill > 0 ? 'better' : 'worse'}">${signedPct(skill)}</td>`;
      return `<tr><td>${e(name)}</td><td>${r.points}</td><td>${pct(c80.rate)}</td><td>${pct(c80.referenceRate)}</td><td>${pct(c90.rate)}</td><td>${pct(c90.referenceRate)}</td><td>${pct(c90.meanWidth)}</td><td>${pct(c90.referenceMeanWidth)}</td>${skillCell}<td>${fmt(r.dieboldMariano?.pValue ?? null, 3)}</td><td>${fmt(c80.kupiec?.pValue ?? null, 3)} / ${fmt(c90.kupiec?.pValue ?? null, 3)}</td></tr>`;
    })
    .join('');
  return `<h2>Ranges on ${e(data.window.to)}, last 30 days</h2><table id="ranges"><thead><tr><th class="text">asset</th><th>steps</th><th>80% held</th><th>naive 80%</th><th>90% held</th><th>naive 90%</th><th>90% width</th><th>naive width</th><th>pinball skill</th><th>DM p-value</th><th>Kupiec p 80/90</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The alerts of the last evaluated day. */
export function alertsTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return '<p class="meta">No alerts.</p>';
  const rows = alerts
    .map(
      (a) =>
        `<tr><td class="text family">${e(a.family)}</td><td class="text">${e(a.type)}</td><td class="text">${e(a.symbol)}</td><td class="text">${e(a.message)}</td></tr>`,
    )
    .join('');
  return `<table id="alerts"><thead><tr><th class="text">family</th><th class="text">type</th><th class="text">asset</th><th class="text">what</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The last promotion decisions and rollbacks, newest first. */
export function promotionsTable(data: DashboardData): string {
  if (data.promotions.length === 0) return '<p class="meta">No promotion decided yet.</p>';
  const rows = data.promotions
    .map(
      (p) =>
        `<tr><td class="text">${e(p.decidedAt.replace('T', ' ').slice(0, 16))}</td><td class="text">${e(p.version)}</td><td class="text">${e(p.kind)}</td><td class="text">${e(p.status)}</td>${ratioCell(p.ratioToPersistence)}<td class="text">${pill(p.beatsPersistence)}</td><td class="text">${e(p.reasons.join('; '))}</td></tr>`,
    )
    .join('');
  return `<table id="promotions"><thead><tr><th class="text">decided</th><th class="text">version</th><th class="text">kind</th><th class="text">status</th><th>ratio</th><th class="text">vs persistence</th><th class="text">why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A table cell with a ratio to persistence, green below 1, red otherwise. */
export function ratioCell(ratio: number | null): string {
  if (ratio === null) return '<td></td>';
  return `<td class="${ratio < 1 ? 'better' : 'worse'}">${ratio.toFixed(3)}</td>`;
}
