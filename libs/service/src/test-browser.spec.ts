import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, TestBrowserError } from './errors';
import { findTestBrowser, launchTestBrowser, readTestBrowserSetting } from './test-browser';
import { writeFakeChromiumPackage } from './test-support/fake-chromium-package';

const LINUX = { platform: 'linux', arch: 'x64', glibc: '2.36' } as const;
const MAC = { platform: 'darwin', arch: 'arm64' } as const;

describe('readTestBrowserSetting', () => {
  it('defaults to auto and reads the three words and absolute paths', () => {
    expect(readTestBrowserSetting({})).toEqual({ kind: 'auto' });
    expect(readTestBrowserSetting({ TEST_BROWSER: ' ' })).toEqual({ kind: 'auto' });
    expect(readTestBrowserSetting({ TEST_BROWSER: 'bundled' })).toEqual({ kind: 'bundled' });
    expect(readTestBrowserSetting({ TEST_BROWSER: 'system' })).toEqual({ kind: 'system' });
    expect(readTestBrowserSetting({ TEST_BROWSER: '/opt/chrome/chrome' })).toEqual({
      kind: 'path',
      path: '/opt/chrome/chrome',
    });
  });

  it('refuses anything else with a ConfigError naming the variable and the value', () => {
    expect(() => readTestBrowserSetting({ TEST_BROWSER: 'chrome' })).toThrow(ConfigError);
    expect(() => readTestBrowserSetting({ TEST_BROWSER: 'chrome' })).toThrow(
      "Environment variable TEST_BROWSER must be auto, bundled, system or the absolute path of a browser, got 'chrome'",
    );
  });
});

describe('findTestBrowser', () => {
  let dir: string;
  let source: { packageDir: string; cacheDir: string };
  let binDir: string;
  let systemChromium: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-test-browser-'));
    source = { packageDir: path.join(dir, 'package'), cacheDir: path.join(dir, 'cache') };
    await writeFakeChromiumPackage(source.packageDir, '2.0.0');
    binDir = path.join(dir, 'bin');
    systemChromium = path.join(binDir, 'chromium');
    await mkdir(binDir);
    await writeFile(systemChromium, '#!/bin/sh\n', { mode: 0o755 });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('by default uses the bundled Chromium, with its libraries first and its fonts, even with a system browser', async () => {
    // act
    const found = await findTestBrowser(
      { PATH: binDir, LD_LIBRARY_PATH: '/opt/lib', HOME: '/home/dev', UNSET: undefined },
      { host: LINUX, source },
    );

    // assert
    const target = path.join(source.cacheDir, 'chromium-2.0.0');
    expect(found).toEqual({
      executablePath: path.join(target, 'chromium'),
      env: {
        PATH: binDir,
        HOME: '/home/dev',
        LD_LIBRARY_PATH: `${path.join(target, 'lib')}:/opt/lib`,
        FONTCONFIG_FILE: path.join(target, 'fonts.conf'),
      },
      description: 'bundled Chromium (@sparticuz/chromium 2.0.0)',
    });
  });

  it('falls back to a browser on PATH where the bundled one cannot run', async () => {
    // act
    const found = await findTestBrowser({ PATH: binDir }, { host: MAC, source });

    // assert
    expect(found).toEqual({
      executablePath: systemChromium,
      env: { PATH: binDir },
      description: `system browser ${systemChromium}`,
    });
    expect(await readdir(dir)).not.toContain('cache');
  });

  it('uses the system browser when TEST_BROWSER=system, without unpacking the bundled one', async () => {
    // act
    const found = await findTestBrowser({ PATH: binDir, TEST_BROWSER: 'system' }, { host: LINUX, source });

    // assert
    expect(found.executablePath).toBe(systemChromium);
    expect(await readdir(dir)).not.toContain('cache');
  });

  it('uses the executable TEST_BROWSER names', async () => {
    // act
    const found = await findTestBrowser({ TEST_BROWSER: systemChromium }, { host: LINUX, source });

    // assert
    expect(found).toEqual({
      executablePath: systemChromium,
      env: { TEST_BROWSER: systemChromium },
      description: `browser ${systemChromium} (TEST_BROWSER)`,
    });
  });

  it('says what is wrong when no browser can be had', async () => {
    const missing = path.join(dir, 'no-such-browser');
    await expect(findTestBrowser({ TEST_BROWSER: missing }, { host: LINUX, source })).rejects.toThrow(
      new TestBrowserError(`TEST_BROWSER names '${missing}', which is not an executable file`),
    );
    await expect(findTestBrowser({ TEST_BROWSER: 'bundled' }, { host: MAC, source })).rejects.toThrow(
      "the bundled Chromium cannot run here: it is built for x64 Linux only, and this is darwin arm64; set TEST_BROWSER=system or to a browser's path",
    );
    await expect(findTestBrowser({ PATH: dir }, { host: MAC, source })).rejects.toThrow(
      `no Chromium or Chrome found (the bundled Chromium cannot run here: it is built for x64 Linux only, and this is darwin arm64); looked for 6 paths, from '${dir}/chromium': install one, or set TEST_BROWSER to a browser's path`,
    );
    await expect(
      findTestBrowser({ PATH: dir, TEST_BROWSER: 'system' }, { host: LINUX, source }),
    ).rejects.toBeInstanceOf(TestBrowserError);
  });
});

describe('launchTestBrowser', () => {
  it('starts this machine’s test browser headless and renders a page', async () => {
    // act
    const browser = await launchTestBrowser({ env: process.env, viewport: { width: 800, height: 600 } });

    // assert
    try {
      const page = await browser.context.newPage();
      await page.setContent(
        '<p id="value">42.5</p><svg width="300" height="100"><path id="line" d="M0 0L300 100" stroke="red"/></svg>',
      );
      expect(await page.locator('#value').innerText()).toBe('42.5');
      expect(await page.locator('svg').boundingBox()).toMatchObject({ width: 300, height: 100 });
      expect(page.viewportSize()).toEqual({ width: 800, height: 600 });
      expect(browser.description).toMatch(/, version \d+\.\d+/);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('names the browser when it does not start', async () => {
    // prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'cf-broken-browser-'));
    const broken = path.join(dir, 'broken-browser');
    await writeFile(broken, '#!/bin/sh\necho "cannot open display" >&2\nexit 1\n', { mode: 0o755 });

    // act
    const error = await launchTestBrowser({ env: { ...process.env, TEST_BROWSER: broken } }).catch(
      (e: unknown) => e,
    );

    // assert
    await rm(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(TestBrowserError);
    const message = (error as Error).message;
    expect(message.startsWith(`could not start the browser ${broken} (TEST_BROWSER) at '${broken}': `)).toBe(
      true,
    );
    expect(message.endsWith(' | cannot open display')).toBe(true);
  }, 60_000);
});
