import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { listen } from '@cf/service';
import { captureLogger, launchTestBrowser, type TestBrowser } from '@cf/service/testing';
import { makeTempStore } from '@cf/storage/testing';
import { loadConfig } from '../config';
import { createMonitorDeps } from '../deps';
import { buildServer } from '../server';
import { buildScenario, SCENARIO_NOW, SCENARIO_SYMBOLS } from '../testing/scenario';
import type { DashboardData } from './dashboard-data';

// Renders the dashboard in a real headless browser (playwright-core driving the Chromium shipped in the
// @sparticuz/chromium npm package, or the browser TEST_BROWSER names: see launchTestBrowser), served by the real
// monitor server on port 0 over a store after ten weeks of forecasts, with ranges, from a tiny real model (wasm
// backend).
const OUTPUT = path.resolve(__dirname, '../../../../tmp/test-output');
const SCREENSHOT = path.join(OUTPUT, 'dashboard.png');
const READOUT_SCREENSHOT = path.join(OUTPUT, 'dashboard-readout.png');
/** The series of each asset's point charts, and of its range charts (checked against dashboard.json). */
const POINT_KINDS = ['actual', 'forecast', 'mae-model', 'mae-persistence', 'mae-drift', 'accuracy-model'];
const RANGE_KINDS = [
  'fan-actual',
  'fan-point',
  'coverage-80',
  'coverage-80-naive',
  'coverage-90',
  'coverage-90-naive',
  'skill',
];

describe('dashboard in a headless browser', () => {
  let cleanup: () => Promise<void>;
  let server: FastifyInstance;
  let address: string;
  let browser: TestBrowser;
  let data: DashboardData;

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
    data = (await (await fetch(`${address}/dashboard.json`)).json()) as DashboardData;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  it('draws every chart with data, loads nothing external, logs no console error, and is saved as a screenshot', async () => {
    // prepare
    const { page, problems, requests } = await openDashboard();

    // act: look at each asset in turn
    const drawn: Record<string, Record<string, number>> = {};
    for (const symbol of SCENARIO_SYMBOLS) {
      await page.locator(`.tabs label[data-symbol="${symbol}"]`).click();
      const section = page.locator(`section[data-symbol="${symbol}"]`);
      drawn[symbol] = {};
      for (const kind of [...POINT_KINDS, ...RANGE_KINDS]) {
        drawn[symbol][kind] = await drawnPoints(section.locator(`path.series.${kind}`));
      }
      drawn[symbol].bands90 = await section.locator('figure.fan path.band.band-90').count();
      drawn[symbol].bands50 = await section.locator('figure.fan path.band.band-50').count();
      drawn[symbol].latestPaths = await section.locator('path.series.forecast.latest').count();
      drawn[symbol].latestFans = await section.locator('path.series.fan-point.latest').count();
      drawn[symbol].fanDays = await section.locator('figure.fan g.day').count();
      drawn[symbol].fanTableRows = await section.locator('table.fan-table tbody tr').count();
      drawn[symbol].width = (await section.locator('figure.fan svg.chart').boundingBox())?.width ?? 0;
    }

    // assert: drawn with data, the same data as /dashboard.json
    expect(problems).toEqual([]);
    expect(requests).toEqual([`${address}/dashboard`]);
    for (const symbol of SCENARIO_SYMBOLS) {
      const asset = data.assets.find((a) => a.symbol === symbol);
      const fan = asset?.fan;
      if (asset === undefined || fan === null || fan === undefined)
        throw new Error(`no fan chart of ${symbol}`);
      const scored = asset.ranges.filter((r) => r.points >= data.minPoints);
      const origins = new Set(fan.days.flatMap((d) => (d.forecast === null ? [] : [d.forecast.origin])));
      expect(drawn[symbol]).toMatchObject({
        'fan-actual': fan.days.filter((d) => d.actual !== null).length,
        'coverage-80': scored.length,
        'coverage-90-naive': scored.length,
        skill: scored.filter((r) => r.skill !== null).length,
        bands90: origins.size,
        bands50: origins.size,
        latestPaths: 1,
        latestFans: 1,
        fanDays: fan.days.length,
        fanTableRows: fan.horizon,
      });
      for (const kind of POINT_KINDS) expect(drawn[symbol][kind]).toBeGreaterThanOrEqual(2);
      expect(scored.length).toBeGreaterThanOrEqual(2);
      expect(origins.size).toBeGreaterThan(5);
      expect(drawn[symbol].width).toBeGreaterThan(300);
    }
    expect(await page.locator('#verdict').innerText()).toMatch(/persistence/);
    expect(await page.locator('section.overall path.series.ratio-model').count()).toBe(1);
    const pooled = data.overall.ranges.filter((r) => r.points >= data.minPoints).length;
    expect(pooled).toBeGreaterThanOrEqual(2);
    expect(await drawnPoints(page.locator('section.overall-ranges path.series.coverage-90'))).toBe(pooled);
    expect(await drawnPoints(page.locator('section.overall-ranges path.series.skill'))).toBe(pooled);
    expect(await page.locator('.ranges-summary').innerText()).toMatch(/80% ranges held \d+\.\d%/);
    expect(await page.locator('#metrics tbody tr').count()).toBe(SCENARIO_SYMBOLS.length + 1);
    expect(await page.locator('#ranges tbody tr').count()).toBe(SCENARIO_SYMBOLS.length + 1);
    await page.locator(`.tabs label[data-symbol="${SCENARIO_SYMBOLS[0]}"]`).click();
    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot: ${SCREENSHOT} (${browser.description})`);
    await page.close();
  }, 60_000);

  it('shows one asset at a time: picking another asset, by click or keyboard, shows its panel and hides the first', async () => {
    // prepare
    const { page, problems } = await openDashboard();
    const [first, second] = SCENARIO_SYMBOLS;
    const shown = async () => ({
      [first]: await display(page.locator(`section[data-symbol="${first}"]`)),
      [second]: await display(page.locator(`section[data-symbol="${second}"]`)),
    });
    const before = await shown();

    // act
    await page.locator(`.tabs label[data-symbol="${second}"]`).click();
    const clicked = await shown();
    const secondVisible = await page.locator(`section[data-symbol="${second}"] figure.fan svg`).isVisible();
    await page.locator('input.pick').nth(1).focus();
    await page.keyboard.press('ArrowLeft');
    const keyed = await shown();

    // assert
    expect(before).toEqual({ [first]: 'block', [second]: 'none' });
    expect(clicked).toEqual({ [first]: 'none', [second]: 'block' });
    expect(secondVisible).toBe(true);
    expect(keyed).toEqual({ [first]: 'block', [second]: 'none' });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it("shows a day's numbers, those of dashboard.json, only while the day is pointed at or focused", async () => {
    // prepare: a past day of BTC's fan chart (an outcome against an earlier forecast's ranges), and a day ahead
    const { page, problems } = await openDashboard();
    const symbol = SCENARIO_SYMBOLS[0];
    const fan = data.assets.find((a) => a.symbol === symbol)?.fan;
    if (fan === null || fan === undefined) throw new Error(`no fan chart of ${symbol}`);
    const past = [...fan.days]
      .reverse()
      .find((d) => d.actual !== null && d.forecast !== null && !d.forecast.latest);
    const ahead = fan.days[fan.days.length - 1];
    if (past === undefined) throw new Error('no past day with a forecast');
    const day = (date: string) =>
      page.locator(`section[data-symbol="${symbol}"] figure.fan g.day[data-date="${date}"]`);
    const readout = (date: string) => day(date).locator('.readout');
    const hiddenBefore = [await readout(past.date).isVisible(), await visibility(readout(past.date))];

    // act
    await day(past.date).locator('rect.hit').hover();
    const pastShown = [await readout(past.date).isVisible(), await visibility(readout(past.date))];
    const pastLines = await readout(past.date).locator('tspan').allTextContents();
    const otherShown = await readout(ahead.date).isVisible();
    await mkdir(OUTPUT, { recursive: true });
    await page
      .locator(`section[data-symbol="${symbol}"] figure.fan`)
      .screenshot({ path: READOUT_SCREENSHOT });
    await day(ahead.date).locator('rect.hit').hover();
    const aheadLines = await readout(ahead.date).locator('tspan').allTextContents();
    const pastAfter = await readout(past.date).isVisible();
    await page.mouse.move(0, 0);
    await day(past.date).focus();
    const focused = await readout(past.date).isVisible();
    const coverageDay = data.overall.ranges.filter((r) => r.points >= data.minPoints).at(-1);
    if (coverageDay === undefined) throw new Error('no pooled coverage drawn');
    const coverage = page.locator(
      `section.overall-ranges figure.coverage g.day[data-date="${coverageDay.date}"]`,
    );
    await coverage.locator('rect.hit').hover();
    const coverageLines = await coverage.locator('.readout tspan').allTextContents();

    // assert: hidden until pointed at; the numbers are the day's in dashboard.json, to the digits shown
    expect(hiddenBefore).toEqual([false, 'hidden']);
    expect(pastShown).toEqual([true, 'visible']);
    expect(otherShown).toBe(false);
    expect(pastAfter).toBe(false);
    expect(focused).toBe(true);
    const f = past.forecast;
    if (f === null || past.actual === null) throw new Error('unreachable');
    expect(pastLines[0]).toBe(past.date);
    expectPrices(lineStarting(pastLines, 'actual '), [past.actual]);
    const within = (r: { lower: number; upper: number }) =>
      r.lower <= (past.actual ?? NaN) && (past.actual ?? NaN) <= r.upper;
    expect(lineStarting(pastLines, 'actual ')).toMatch(
      within(f.range80)
        ? /\(inside the 80% range\)$/
        : within(f.range90)
          ? /\(outside the 80%, inside the 90% range\)$/
          : /\(outside the 90% range\)$/,
    );
    expect(lineStarting(pastLines, 'forecast of ')).toBe(`forecast of ${f.origin}, day ${f.horizonDay}`);
    expectPrices(lineStarting(pastLines, 'median '), [f.median]);
    expectPrices(lineStarting(pastLines, '80% '), [f.range80.lower, f.range80.upper]);
    expectPrices(lineStarting(pastLines, '90% '), [f.range90.lower, f.range90.upper]);
    const a = ahead.forecast;
    if (a === null) throw new Error('the last day has no forecast');
    expect(aheadLines[0]).toBe(ahead.date);
    expect(lineStarting(aheadLines, 'actual ')).toBe('actual close not known yet');
    expect(lineStarting(aheadLines, 'latest forecast of ')).toBe(
      `latest forecast of ${fan.origin}, day ${fan.horizon}`,
    );
    expectPrices(lineStarting(aheadLines, 'median '), [a.median]);
    expectPrices(lineStarting(aheadLines, '80% '), [a.range80.lower, a.range80.upper]);
    expectPrices(lineStarting(aheadLines, '90% '), [a.range90.lower, a.range90.upper]);
    expect(coverageLines[0]).toBe(`${coverageDay.date} · ${coverageDay.points} steps`);
    coverageDay.coverage.forEach((c, k) => {
      const shares = percentages(coverageLines[k + 1]);
      expect(Math.abs(shares[0] - c.rate)).toBeLessThanOrEqual(0.0005 + 1e-12);
      expect(Math.abs(shares[1] - c.naiveRate)).toBeLessThanOrEqual(0.0005 + 1e-12);
    });
    expect(problems).toEqual([]);
    console.log(`fan chart readout screenshot: ${READOUT_SCREENSHOT}`);
    await page.close();
  }, 30_000);

  async function openDashboard(): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${address}/dashboard`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { page, problems, requests };
  }
});

/** The number of points of the first path of `paths`, after checking its drawing is sound; 0 for none. */
async function drawnPoints(paths: Locator): Promise<number> {
  if ((await paths.count()) === 0) return 0;
  const points = Number(await paths.first().getAttribute('data-points'));
  const d = (await paths.first().getAttribute('d')) ?? '';
  expect(d.match(/[ML]/g)?.length).toBe(points);
  expect(d).not.toMatch(/NaN|Infinity/);
  return points;
}

// The page's own getComputedStyle (this project's TypeScript has no DOM library; the function runs in the page).
type PageGlobals = { getComputedStyle(element: unknown): Record<string, string> };

async function display(locator: Locator): Promise<string> {
  return locator.evaluate(
    (element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).display,
  );
}

async function visibility(locator: Locator): Promise<string> {
  return locator.evaluate(
    (element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).visibility,
  );
}

function lineStarting(lines: readonly string[], start: string): string {
  const line = lines.find((l) => l.startsWith(start));
  if (line === undefined) throw new Error(`no line starting '${start}' in ${JSON.stringify(lines)}`);
  return line;
}

/** The prices written after the line's label (`80% 41,000 – 43,600`, `actual 42,580 (inside ...)`), each equal to `expected` to the digits shown. */
function expectPrices(line: string, expected: readonly number[]): void {
  const shown =
    line
      .replace(/^\S+ /, '')
      .replace(/ \(.*\)$/, '')
      .match(/\d[\d,]*(\.\d+)?/g) ?? [];
  expect(shown).toHaveLength(expected.length);
  shown.forEach((text, i) => {
    const decimals = text.split('.')[1]?.length ?? 0;
    const value = Number(text.replace(/,/g, ''));
    expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
  });
}

/** The percentages of a readout line as shares (`held 77.8% (naive 76.1%)` -> [0.778, 0.761]). */
function percentages(line: string): number[] {
  return (line.match(/\d+(\.\d+)?%/g) ?? []).slice(-2).map((p) => Number(p.slice(0, -1)) / 100);
}
