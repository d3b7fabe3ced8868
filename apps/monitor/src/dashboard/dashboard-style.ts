/** The page's stylesheet, inlined so the page works offline and straight from S3. */
export const DASHBOARD_CSS = `
:root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --bg: #f3f4f6;
  --good: #047857; --good-bg: #ecfdf5; --bad: #b91c1c; --bad-bg: #fef2f2; --warn: #92400e; --warn-bg: #fffbeb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1360px; margin: 0 auto; padding: 20px 24px 40px; }
header { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; gap: 8px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 0 0 8px; }
.meta { color: var(--muted); }
.verdict { margin: 16px 0; padding: 14px 16px; border-radius: 8px; font-size: 15px; border-left: 6px solid; }
.verdict.good { background: var(--good-bg); border-color: var(--good); }
.verdict.bad { background: var(--bad-bg); border-color: var(--bad); }
.verdict.unknown { background: var(--warn-bg); border-color: var(--warn); }
.verdict strong { display: block; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.warnings { margin: 12px 0 0; padding: 10px 14px 10px 32px; background: var(--warn-bg); border: 1px solid #fcd34d; border-radius: 8px; color: var(--warn); }
.pill { display: inline-block; padding: 0 7px; border-radius: 999px; font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.pill.good { background: var(--good-bg); color: var(--good); }
.pill.bad { background: var(--bad-bg); color: var(--bad); }
.pill.neutral { background: var(--bg); color: var(--muted); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.asset { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px; margin-bottom: 14px; }
.asset .grid2 { margin-top: 10px; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
svg.chart .grid line { stroke: var(--line); }
svg.chart .grid line.x, svg.chart .grid line.axis { stroke: #9ca3af; }
svg.chart .grid text, svg.chart .legend text { fill: #4b5563; }
svg.chart .ylabel { fill: var(--muted); font-size: 11px; }
svg.chart .reference line { stroke: #6b7280; stroke-dasharray: 5 4; stroke-width: 1.2; }
svg.chart .reference text { fill: #374151; font-size: 10.5px; }
svg.chart .empty { fill: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { padding: 6px 9px; border-bottom: 1px solid var(--line); text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f9fafb; font-weight: 600; color: #374151; font-size: 12.5px; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.better { color: var(--good); font-weight: 600; }
td.worse { color: var(--bad); font-weight: 600; }
.family { text-transform: capitalize; }
.no-ranges, .ranges-summary { margin: 10px 0; padding: 8px 12px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
.no-ranges { color: var(--warn); background: var(--warn-bg); border-color: #fcd34d; }
.overall-ranges { margin-top: 10px; }
.assets > .asset { display: none; }
.assets > .pick { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.tabs { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0 0 12px; }
.tabs label { padding: 4px 14px; border: 1px solid #d1d5db; border-radius: 999px; background: var(--card); cursor: pointer; font-weight: 600; }
.tabs label:hover { border-color: var(--ink); }
.ranges { margin-bottom: 12px; }
.ranges .grid2 { margin-top: 10px; }
table.fan-table { margin-top: 8px; width: auto; min-width: 60%; }
svg.chart .band { pointer-events: none; }
svg.chart .day .hit { fill: transparent; pointer-events: all; }
svg.chart .day:hover .hit, svg.chart .day:focus .hit { fill: #2563eb; fill-opacity: 0.06; }
svg.chart .day:focus { outline: none; }
svg.chart .day .readout { visibility: hidden; pointer-events: none; }
svg.chart .day:hover .readout, svg.chart .day:focus .readout { visibility: visible; }
svg.chart .readout .guide { stroke: #374151; stroke-width: 1; stroke-dasharray: 3 3; }
svg.chart .readout .box { fill: #ffffff; fill-opacity: 0.96; stroke: #9ca3af; }
svg.chart .readout text { fill: var(--ink); font-size: 11px; font-variant-numeric: tabular-nums; }
svg.chart .readout .head { font-weight: 600; }
footer { margin-top: 28px; color: var(--muted); font-size: 12.5px; }
footer dt { font-weight: 600; color: #374151; }
footer dd { margin: 0 0 6px; }
`;
