import { assetPanelClass, assetPicker, assetPickerCss } from './asset-picker';
import { dayNumber } from './chart-scales';
import type { AssetPanel, DashboardData } from './dashboard-data';
import { DASHBOARD_CSS } from './dashboard-style';
import { fmt, pct, pill } from './format-cells';
import { escapeHtml as e } from './html';
import { lineChart, type ChartSeries } from './line-chart';
import { accuracyChart, COLORS, enough, figure, maeChart, ratioChart } from './metric-charts';
import { alertsTable, metricsTable, promotionsTable, rangesTable } from './dashboard-tables';
import { assetRanges, overallRanges, rangeHeading } from './range-sections';

/**
 * The dashboard as one self-contained HTML page: inline CSS, SVG charts drawn here (no script, no external
 * resource), so it works offline and straight from S3. An asset is picked with radio inputs and a day's numbers
 * are read by pointing at it, both by CSS alone.
 */
export function renderDashboard(data: DashboardData): string {
  const title = 'Crypto forecast monitor';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${DASHBOARD_CSS}${assetPickerCss(data.assets.length)}</style>
</head>
<body>
<main>
<header><h1>${title}</h1><div class="meta">${e(data.window.from)} to ${e(data.window.to)} &middot; generated ${e(data.generatedAt.replace('T', ' ').slice(0, 16))} UTC</div></header>
<section class="verdict ${data.verdict.level}" id="verdict"><strong>Does any model beat persistence?</strong>${e(data.verdict.text)}</section>
${statusCards(data)}
<h2>All assets</h2>
${overallCharts(data)}
${overallRanges(data)}
${metricsTable(data)}
${data.overall.ranges.length === 0 ? '' : rangesTable(data)}
<h2>Per asset</h2>
<section class="assets" id="assets">
${assetPicker(data.assets.map((a) => a.symbol))}
${data.assets.map((asset, i) => assetSection(asset, i, data.minPoints)).join('\n')}
</section>
<h2>Alerts ${data.status.alerts ? `of ${e(data.status.alerts.day)}` : ''}</h2>
${alertsTable(data.alerts)}
<h2>Promotions</h2>
${promotionsTable(data)}
${footer()}
</main>
</body>
</html>
`;
}

function statusCards(data: DashboardData): string {
  const s = data.status;
  const p = s.promoted;
  const t = s.lastTraining;
  const ev = s.lastEvaluation;
  const month = ev?.rolling['30'] ?? null;
  const beats = p?.promotion?.beatsPersistence ?? null;
  const families = new Map<string, number>();
  for (const a of data.alerts) families.set(a.family, (families.get(a.family) ?? 0) + 1);
  const cards = [
    card(
      'Promoted model',
      p === null
        ? '<p>None promoted.</p>'
        : dl([
            ['Version', e(p.version)],
            ['Trained through', e(p.trainedThrough)],
            ['Model', `${e(p.model)}, horizon ${p.horizon}`],
            ['Why it is live', e(p.promotion?.why ?? 'no promotion record')],
            [
              'At promotion',
              p.promotion?.ratioToPersistence == null
                ? pill(null)
                : `ratio ${p.promotion.ratioToPersistence.toFixed(3)} ${pill(beats)}`,
            ],
            [
              'Held-out walk-forward',
              `${e(p.test.from)}..${e(p.test.to)}: ratio ${fmt(p.test.ratioToPersistence, 3)}, DA ${pct(p.test.directionalAccuracy)} (${p.test.points} steps)`,
            ],
          ]),
    ),
    card(
      'Last training',
      t === null
        ? '<p>No run recorded.</p>'
        : dl([
            ['When', `${e(t.startedAt.replace('T', ' ').slice(0, 16))} (${t.ageDays} d ago)`],
            ['Trainer', e(t.trainer)],
            [
              'Result',
              `${e(t.result)}${t.version ? `: ${e(t.version)}` : t.jobName ? `: ${e(t.jobName)}` : ''}`,
            ],
            ['Why', e(t.reasons.join('; '))],
          ]),
    ),
    card(
      'Last evaluation',
      ev === null
        ? '<p>Nothing evaluated yet.</p>'
        : dl([
            ['Day', e(ev.day)],
            ['Steps that day', String(ev.points)],
            [
              '30-day ratio',
              month?.ratioToPersistence.model == null
                ? 'n/a'
                : `${month.ratioToPersistence.model.toFixed(3)} (${month.n} steps)`,
            ],
            ['30-day DA', month === null ? 'n/a' : `${pct(month.directionalAccuracy.model)} (coin: 50%)`],
            ['Next training', e(s.nextScheduledTraining ?? 'n/a')],
          ]),
    ),
    card(
      'Alerts',
      dl([
        ['Degradation', String(families.get('degradation') ?? 0)],
        ['Ranges', String(families.get('ranges') ?? 0)],
        ['Data', String(families.get('data') ?? 0)],
        ['Regime', String(families.get('regime') ?? 0)],
      ]),
    ),
  ];
  const warnings =
    s.warnings.length === 0
      ? ''
      : `<ul class="warnings">${s.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`;
  return `<section class="cards" id="status">${cards.join('')}</section>${warnings}`;
}

function overallCharts(data: DashboardData): string {
  const rolling = enough(data.overall.rolling, data.minPoints);
  return `<section class="grid2 overall">${ratioChart('All assets: MAE relative to persistence, rolling 30 days', rolling, data.minPoints)}${accuracyChart('All assets: directional accuracy, rolling 30 days', rolling, data.minPoints)}</section>`;
}

function assetSection(asset: AssetPanel, index: number, minPoints: number): string {
  const forecasts: ChartSeries[] = asset.forecasts.map((f, i) => ({
    name: f.latest ? `latest forecast (${f.origin})` : 'past forecasts',
    color: f.latest ? COLORS.latest : COLORS.model,
    width: f.latest ? 2.4 : 1.6,
    dash: f.latest ? '5 3' : undefined,
    opacity: f.latest ? 1 : 0.75,
    dots: true,
    hideInLegend: !f.latest && i !== asset.forecasts.findIndex((g) => !g.latest),
    kind: f.latest ? 'forecast latest' : 'forecast',
    points: f.path.map((p) => ({ x: dayNumber(p.date), y: p.value })),
  }));
  const price = lineChart({
    title: `${asset.symbol}: actual closes and forecast paths`,
    width: 1280,
    height: 300,
    yLabel: 'close (USD)',
    series: [
      {
        name: 'actual close',
        color: COLORS.actual,
        width: 1.8,
        kind: 'actual',
        points: asset.closes.map((c) => ({ x: dayNumber(c.date), y: c.value })),
      },
      ...forecasts,
    ],
  });
  const month = asset.current['30'] ?? null;
  return `<section class="asset ${assetPanelClass(index)}" data-symbol="${e(asset.symbol)}" id="asset-${e(asset.symbol)}">
<h3>${e(asset.symbol)} ${month === null ? '' : `<span class="meta">30 days: ratio ${fmt(month.ratioToPersistence.model, 3)}, direction ${pct(month.directionalAccuracy.model)}, ${month.n} steps${rangeHeading(month.ranges)}</span>`}</h3>
${assetRanges(asset, minPoints)}
${figure(price, 'Each forecast path starts at the close it was made from; one path every horizon days, so they do not overlap.')}
<div class="grid2">${maeChart(`${asset.symbol}: MAE of model, persistence and drift, rolling 30 days`, enough(asset.rolling, minPoints), minPoints)}${accuracyChart(`${asset.symbol}: directional accuracy, rolling 30 days`, enough(asset.rolling, minPoints), minPoints)}</div>
</section>`;
}

function footer(): string {
  return `<footer><dl>
<dt>Persistence</dt><dd>Forecasts every future close as the last observed close. On daily crypto prices it is very hard to beat.</dd>
<dt>Drift</dt><dd>The last close plus the average daily change of the 30 days before the forecast.</dd>
<dt>MAE ratio</dt><dd>Mean absolute error of the forecast divided by persistence's on the same forecast steps; below 1 is better.</dd>
<dt>Directional accuracy (DA)</dt><dd>Share of steps whose predicted move from the last close had the sign of the actual move.</dd>
<dt>Ranges</dt><dd>The 50%, 80% and 90% central ranges of a day's close: the forecast's quantiles 25-75%, 10-90% and 5-95%. An 80% range should hold the close on about 80% of days.</dd>
<dt>Naive ranges</dt><dd>The ranges every forecast's ranges are judged against: the past year's h-day returns from the same close, as they were known on the forecast's day.</dd>
<dt>Coverage</dt><dd>Share of outcomes inside their range (bounds included), for the forecasts' ranges and the naive ranges on the same steps.</dd>
<dt>Pinball skill</dt><dd>1 minus the mean pinball loss of the forecasts' quantiles divided by the naive ranges' on the same steps; above 0 the ranges are better (sharper where they can be, wider where they must).</dd>
<dt>DM p-value</dt><dd>Diebold-Mariano test of the model against persistence over the 30-day window; small values mean the difference is unlikely to be chance.</dd>
</dl></footer>`;
}

function card(title: string, body: string): string {
  return `<div class="card"><h3>${e(title)}</h3>${body}</div>`;
}

function dl(rows: readonly [string, string][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
