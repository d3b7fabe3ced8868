import type { FastifyInstance } from 'fastify';
import { captureLogger } from '@cf/service/testing';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { loadConfig } from './config';
import type { DashboardData } from './dashboard/dashboard-data';
import { createMonitorDeps } from './deps';
import { buildServer, DASHBOARD_CSP } from './server';
import type { MonitorStatus } from './status/monitor-status';
import { buildScenario, SCENARIO_LAST_DAY, SCENARIO_NOW } from './testing/scenario';

describe('monitor server', () => {
  let cleanup: () => Promise<void>;
  let server: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    const temp = await makeTempStore();
    cleanup = temp.cleanup;
    dir = temp.dir;
    const { logger } = captureLogger();
    await buildScenario(temp.store, logger);
    server = buildServer(
      createMonitorDeps(loadConfig({ STORE_URL: dir }), logger, {
        store: temp.store,
        clock: () => new Date(SCENARIO_NOW),
      }),
    );
  }, 90_000);
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  it('answers /health and /ready', async () => {
    // act
    const health = await server.inject('/health');
    const ready = await server.inject('/ready');
    // assert
    expect(health.json()).toEqual({ status: 'ok', service: 'monitor' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', checks: { store: 'ok' } }]);
  });

  it('reports the last training, the promoted model, the last evaluation and its alerts on /status', async () => {
    // act
    const response = await server.inject('/status');
    // assert
    expect(response.statusCode).toBe(200);
    const status = response.json<MonitorStatus>();
    expect(status.generatedAt).toBe(SCENARIO_NOW);
    expect(status.lastTraining).toMatchObject({
      trainer: 'local',
      result: 'succeeded',
      startedAt: SCENARIO_NOW,
      ageDays: 0,
    });
    expect(status.lastTraining?.reasons[0]).toMatch(/days since the last training/);
    expect(status.lastDecision).toMatchObject({
      day: SCENARIO_LAST_DAY,
      retrain: true,
      triggers: ['schedule'],
    });
    expect(status.alerts?.items).toEqual([]);
    expect(status.promoted?.promotion?.beatsPersistence).toEqual(expect.any(Boolean));
    expect(status.lastEvaluation).toMatchObject({ day: SCENARIO_LAST_DAY, points: 6 });
    expect(status.lastEvaluation?.rolling['30']?.n).toBe(180);
    expect(status.alerts?.day).toBe(SCENARIO_LAST_DAY);
    expect(status.warnings).toEqual(expect.any(Array));
  });

  it('serves the dashboard page with a strict content security policy, and its data', async () => {
    // act
    const page = await server.inject('/dashboard');
    const data = await server.inject('/dashboard.json');
    const root = await server.inject('/');
    // assert
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(page.body).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const json = data.json<DashboardData>();
    expect(json.assets.map((a) => a.symbol)).toEqual(['BTC', 'ETH']);
    expect(json.window).toEqual({ from: '2023-11-14', to: SCENARIO_LAST_DAY });
    expect(json.assets[0].forecasts.filter((f) => f.latest)).toHaveLength(1);
    expect(json.assets.map((a) => [a.model, a.fan?.origin, a.fan?.days.length])).toEqual([
      ['lstm/scale-free+garch', '2024-02-10', 33],
      ['lstm/scale-free+garch', '2024-02-10', 33],
    ]);
    expect(json.overall.ranges.at(-1)).toMatchObject({ date: SCENARIO_LAST_DAY, points: 180 });
    expect(page.body).toContain(json.verdict.text.replace(/'/g, '&#39;'));
    expect([root.statusCode, root.headers.location]).toEqual([302, '/dashboard']);
  });

  it('is not ready when the store does not answer', async () => {
    // prepare: an S3 store on a port where nothing listens
    const client = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const broken = new S3ObjectStore({ client, bucket: 'nowhere' });
    const { logger } = captureLogger();
    const app = buildServer(createMonitorDeps(loadConfig({}), logger, { store: broken }));
    // act
    const ready = await app.inject('/ready');
    // assert
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.store).toMatch(/^store list of 'monitoring\/' failed: .*ECONNREFUSED/);
    await app.close();
    client.destroy();
  });
});
