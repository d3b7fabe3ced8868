import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import {
  bundledChromiumSource,
  bundledChromiumUnsupported,
  currentBrowserHost,
  unpackBundledChromium,
  type BrowserHost,
} from './bundled-chromium';
import { envReader } from './env';
import { TestBrowserError } from './errors';
import { firstExecutable, isExecutableFile, systemBrowserCandidates } from './system-browser';

type Env = Readonly<Record<string, string | undefined>>;

/** What `TEST_BROWSER` asks for: `auto` (default), `bundled`, `system`, or an absolute path to a browser. */
export type TestBrowserSetting =
  { readonly kind: 'auto' | 'bundled' | 'system' } | { readonly kind: 'path'; readonly path: string };

/** A browser executable for tests, with the environment it must start in. */
export interface TestBrowserExecutable {
  readonly executablePath: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where it came from, for test logs: `bundled Chromium (@sparticuz/chromium 143.0.4)`, `system browser ...`. */
  readonly description: string;
}

/** A started headless browser and one fresh context in it. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Where the browser came from and its version. */
  readonly description: string;
  close(): Promise<void>;
}

/** Reads `TEST_BROWSER`; a bad value is a `ConfigError`. */
export function readTestBrowserSetting(env: Env): TestBrowserSetting {
  const read = envReader(env);
  const value = read.string('TEST_BROWSER', { default: 'auto' });
  const named = value === 'auto' || value === 'bundled' || value === 'system';
  if (!named && !path.isAbsolute(value))
    read.problem(
      `Environment variable TEST_BROWSER must be auto, bundled, system or the absolute path of a browser, got '${value}'`,
    );
  read.done();
  return named ? { kind: value } : { kind: 'path', path: value };
}

/**
 * The browser tests should drive. By default the Chromium shipped inside the `@sparticuz/chromium` npm package
 * (unpacked once into `node_modules/.cache`, with its own libraries and fonts), so a fresh clone needs no
 * system browser and no package manager; where that build cannot run (macOS, arm64, musl, old glibc), an
 * installed Chromium or Chrome. `TEST_BROWSER` forces one: `bundled`, `system`, or a path.
 */
export async function findTestBrowser(
  env: Env,
  options: { host?: BrowserHost; source?: { packageDir: string; cacheDir: string } } = {},
): Promise<TestBrowserExecutable> {
  const setting = readTestBrowserSetting(env);
  const host = options.host ?? currentBrowserHost();
  const baseEnv = definedOnly(env);
  if (setting.kind === 'path') {
    if (!(await isExecutableFile(setting.path)))
      throw new TestBrowserError(`TEST_BROWSER names '${setting.path}', which is not an executable file`);
    return {
      executablePath: setting.path,
      env: baseEnv,
      description: `browser ${setting.path} (TEST_BROWSER)`,
    };
  }
  const unsupported = bundledChromiumUnsupported(host);
  if (setting.kind === 'bundled' || (setting.kind === 'auto' && unsupported === undefined)) {
    if (unsupported !== undefined)
      throw new TestBrowserError(
        `the bundled Chromium cannot run here: ${unsupported}; set TEST_BROWSER=system or to a browser's path`,
      );
    const bundled = await unpackBundledChromium(options.source ?? bundledChromiumSource());
    return {
      executablePath: bundled.executablePath,
      env: {
        ...baseEnv,
        LD_LIBRARY_PATH: [bundled.libraryDir, baseEnv.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter),
        FONTCONFIG_FILE: bundled.fontConfigFile,
      },
      description: `bundled Chromium (@sparticuz/chromium ${bundled.packageVersion})`,
    };
  }
  const candidates = systemBrowserCandidates(host.platform, env.PATH);
  const found = await firstExecutable(candidates);
  if (found === undefined) {
    const why = unsupported === undefined ? '' : ` (the bundled Chromium cannot run here: ${unsupported})`;
    throw new TestBrowserError(
      `no Chromium or Chrome found${why}; looked for ${candidates.length} paths, from '${candidates[0] ?? 'none'}': ` +
        `install one, or set TEST_BROWSER to a browser's path`,
    );
  }
  return { executablePath: found, env: baseEnv, description: `system browser ${found}` };
}

/**
 * Starts the test browser (`findTestBrowser`) headless and opens a fresh context; `close()` ends it.
 *
 * @example
 * const browser = await launchTestBrowser({ env: process.env, viewport: { width: 1400, height: 1000 } });
 * const page = await browser.context.newPage();
 * await page.goto(address);
 * await browser.close();
 */
export async function launchTestBrowser(options: {
  env: Env;
  viewport?: { width: number; height: number };
}): Promise<TestBrowser> {
  const found = await findTestBrowser(options.env);
  let browser: Browser;
  try {
    // Playwright already turns off the sandbox (tests may run as root), first-run UI and background networking.
    browser = await chromium.launch({
      executablePath: found.executablePath,
      env: found.env,
      headless: true,
      args: ['--disable-gpu'],
      timeout: 60_000,
    });
  } catch (error) {
    const reason = launchFailure((error as Error).message);
    throw new TestBrowserError(
      `could not start the ${found.description} at '${found.executablePath}': ${reason}`,
      {
        cause: error,
      },
    );
  }
  let context: BrowserContext;
  try {
    context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    context,
    description: `${found.description}, version ${browser.version()}`,
    close: () => browser.close(),
  };
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

// Playwright's first line is generic ("browser has been closed"); the browser's own stderr says why
// (a missing library, a crash), so up to three of its lines follow.
function launchFailure(message: string): string {
  const lines = message.split('\n');
  const stderr = lines
    .map((line) => /^\[pid=\d+\]\[err\] (.*)$/.exec(line.trim())?.[1]?.trim())
    .filter((line): line is string => Boolean(line))
    .slice(0, 3);
  return [lines[0], ...stderr].join(' | ');
}
