import type { FastifyInstance } from 'fastify';
import { buildServiceServer } from '@cf/service';
import { buildDashboard } from './dashboard/write-dashboard';
import { buildDashboardData, dashboardSettingsOf } from './dashboard/dashboard-data';
import type { MonitorDeps } from './deps';
import { buildStatus } from './status/monitor-status';

/** The dashboard may load nothing from anywhere: inline styles and inline SVG only. */
export const DASHBOARD_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * The monitor's HTTP server, not listening yet: `/health`, `/ready` (the store answers a listing),
 * `/status` (JSON), `/dashboard` (the HTML page, built from the store on each request) and
 * `/dashboard.json` (the data it draws). `/` redirects to the dashboard.
 */
export function buildServer(deps: MonitorDeps): FastifyInstance {
  const server = buildServiceServer({
    name: 'monitor',
    logger: deps.logger,
    readiness: {
      store: async () => {
        await deps.store.list('monitoring/', { limit: 1 });
      },
    },
  });
  const settings = dashboardSettingsOf(deps.config);
  server.get('/', async (_request, reply) => reply.redirect('/dashboard'));
  server.get('/status', async () => buildStatus(deps, settings));
  server.get('/dashboard.json', async () => buildDashboardData(deps, settings));
  server.get('/dashboard', async (_request, reply) => {
    const { html } = await buildDashboard(deps, settings);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', DASHBOARD_CSP)
      .send(html);
  });
  return server;
}
