import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { listen } from '@cf/service';
import { captureLogger, launchTestBrowser, type TestBrowser } from '@cf/service/testing';
import { makeTempStore } from '@cf/storage/testing';
import { loadConfig } from '../config';
import { createMonitorDeps } from '../deps';
import { buildServer } from '../server';
import { buildScenario, SCENARIO_NOW, SCENARIO_SYMBOLS } from '../testing/scenario';

// Renders the dashboard in a real headless browser (playwright-core driving the Chromium shipped in the
// @sparticuz/chromium npm package, or the browser TEST_BROWSER names: see launchTestBrowser), served by the real
// monitor server on port 0 over a store after ten weeks of forecasts from a tiny real model (wasm backend).
const SCREENSHOT = path.resolve(__dirname, '../../../../tmp/test-output/dashboard.png');

describe('dashboard in a headless browser', () => {
  let cleanup: () => Promise<void>;
  let server: FastifyInstance;
  let address: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    const temp = await makeTempStore();
    cleanup = temp.cleanup;
    const { logger } = captureLogger();
    await buildScenario(temp.store, logger);
    const deps = createMonitorDeps(loadConfig({ STORE_URL: temp.dir }), logger, {
      store: temp.store,
      clock: () => new Date(SCENARIO_NOW),
    });
    server = buildServer(deps);
    address = await listen(server, { port: 0, host: '127.0.0.1' });
    browser = await launchTestBrowser({ env: process.env, viewport: { width: 1400, height: 1000 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  it('draws every chart with data, loads nothing external, logs no console error, and is saved as a screenshot', async () => {
    // prepare
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));

    // act
    const response = await page.goto(`${address}/dashboard`, { waitUntil: 'load' });

    // assert
    expect(response?.status()).toBe(200);
    expect(problems).toEqual([]);
    expect(requests).toEqual([`${address}/dashboard`]);
    for (const symbol of SCENARIO_SYMBOLS) {
      const section = page.locator(`section[data-symbol="${symbol}"]`);
      for (const kind of [
        'actual',
        'forecast',
        'mae-model',
        'mae-persistence',
        'mae-drift',
        'accuracy-model',
      ]) {
        const paths = section.locator(`path.series.${kind}`);
        expect(await paths.count()).toBeGreaterThan(0);
        const points = Number(await paths.first().getAttribute('data-points'));
        const d = (await paths.first().getAttribute('d')) ?? '';
        expect(points).toBeGreaterThanOrEqual(2);
        expect(d.match(/[ML]/g)?.length).toBe(points);
        expect(d).not.toMatch(/NaN|Infinity/);
      }
      expect(await section.locator('path.series.forecast.latest').count()).toBe(1);
      const box = await section.locator('svg.chart').first().boundingBox();
      expect(box?.width).toBeGreaterThan(300);
    }
    expect(await page.locator('#verdict').innerText()).toMatch(/persistence/);
    expect(await page.locator('section.overall path.series.ratio-model').count()).toBe(1);
    expect(await page.locator('#metrics tbody tr').count()).toBe(SCENARIO_SYMBOLS.length + 1);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot: ${SCREENSHOT} (${browser.description})`);
    await page.close();
  }, 60_000);
});
