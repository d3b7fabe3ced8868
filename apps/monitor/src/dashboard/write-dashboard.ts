import type { Logger } from '@cf/service';
import { putIfChanged, putJsonIfChanged, type ObjectStore } from '@cf/storage';
import { DASHBOARD_HTML_KEY, DASHBOARD_JSON_KEY } from '../monitor-keys';
import { buildDashboardData, type DashboardData, type DashboardSettings } from './dashboard-data';
import { renderDashboard } from './render-dashboard';

/** The page and its data. */
export interface RenderedDashboard {
  readonly data: DashboardData;
  readonly html: string;
}

/** Builds the dashboard from the store's current state. */
export async function buildDashboard(
  deps: { readonly store: ObjectStore; readonly clock: () => Date },
  settings: DashboardSettings,
): Promise<RenderedDashboard> {
  const data = await buildDashboardData(deps, settings);
  return { data, html: renderDashboard(data) };
}

/** Builds the dashboard and writes `monitoring/dashboard/index.html` and `dashboard.json` to the store. */
export async function writeDashboard(
  deps: { readonly store: ObjectStore; readonly clock: () => Date; readonly logger: Logger },
  settings: DashboardSettings,
): Promise<RenderedDashboard & { readonly keys: readonly string[] }> {
  const dashboard = await buildDashboard(deps, settings);
  await putIfChanged(deps.store, DASHBOARD_HTML_KEY, dashboard.html, {
    contentType: 'text/html; charset=utf-8',
  });
  await putJsonIfChanged(deps.store, DASHBOARD_JSON_KEY, dashboard.data);
  deps.logger.info(
    {
      key: DASHBOARD_HTML_KEY,
      store: deps.store.url,
      assets: dashboard.data.assets.length,
      verdict: dashboard.data.verdict.level,
    },
    'dashboard written',
  );
  return { ...dashboard, keys: [DASHBOARD_HTML_KEY, DASHBOARD_JSON_KEY] };
}
