import type { Alert } from '../alerts/alert';
import type { GroupWithHorizons } from '../evaluation/group-metrics';
import { compactNumber } from './chart-scales';
import type { DashboardData } from './dashboard-data';
import { fmt, pct, pill } from './format-cells';
import { escapeHtml as e } from './html';

// The dashboard's tables: rolling metrics per asset, alerts, promotions.

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
