import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';
import { TestBrowserError } from './errors';
import { isExecutableFile } from './system-browser';

/** The machine a test runs on, as far as choosing a browser goes. */
export interface BrowserHost {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** The C library's version on glibc Linux (`'2.36'`); undefined elsewhere (macOS, musl). */
  readonly glibc?: string;
}

/** An unpacked copy of the Chromium that `@sparticuz/chromium` ships inside its npm package. */
export interface BundledChromium {
  readonly executablePath: string;
  /** Its shared libraries (NSS, NSPR, expat): put first in `LD_LIBRARY_PATH`. */
  readonly libraryDir: string;
  /** A fontconfig file naming only the bundled fonts: `FONTCONFIG_FILE`. */
  readonly fontConfigFile: string;
  /** The npm package's version, e.g. `143.0.4`. */
  readonly packageVersion: string;
}

// The package's libraries are Amazon Linux 2023 builds that need glibc 2.34 or newer (Debian 12, Ubuntu 22.04).
const MIN_GLIBC = [2, 34];
// A staging folder older than this was left by a run that was stopped while unpacking.
const STALE_STAGING_MS = 10 * 60 * 1000;
const STAGING_PREFIX = '.staging-';

/** The machine this process runs on. */
export function currentBrowserHost(): BrowserHost {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return { platform: process.platform, arch: process.arch, glibc: report?.header?.glibcVersionRuntime };
}

/** Why the bundled Chromium cannot run on `host`, or undefined when it can (x64 Linux, glibc >= 2.34). */
export function bundledChromiumUnsupported(host: BrowserHost): string | undefined {
  if (host.platform !== 'linux' || host.arch !== 'x64')
    return `it is built for x64 Linux only, and this is ${host.platform} ${host.arch}`;
  if (host.glibc === undefined) return 'it needs glibc, and this Linux has another C library (musl?)';
  const [major = 0, minor = 0] = host.glibc.split('.').map(Number);
  if (major < MIN_GLIBC[0] || (major === MIN_GLIBC[0] && minor < MIN_GLIBC[1]))
    return `its libraries need glibc ${MIN_GLIBC.join('.')} or newer, and this is glibc ${host.glibc}`;
  return undefined;
}

/** Where `@sparticuz/chromium` is installed, and the cache folder beside it (`node_modules/.cache`). */
export function bundledChromiumSource(): { packageDir: string; cacheDir: string } {
  // The package's exports hide package.json; its CommonJS entry is build/cjs/index.cjs.
  const packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  return { packageDir, cacheDir: path.resolve(packageDir, '..', '..', '.cache', 'test-browser') };
}

/**
 * Unpacks the Chromium binary, its libraries and fonts from the package's brotli files into
 * `cacheDir/chromium-<version>/`, once: later calls (and other processes) reuse it. Each run unpacks into a
 * staging folder renamed into place at the end, so concurrent first runs never see a half-written browser.
 */
export async function unpackBundledChromium(source: {
  packageDir: string;
  cacheDir: string;
}): Promise<BundledChromium> {
  const packageVersion = await readPackageVersion(source.packageDir);
  const target = path.join(source.cacheDir, `chromium-${packageVersion}`);
  const unpacked = layout(target, packageVersion);
  if (await isExecutableFile(unpacked.executablePath)) return unpacked;

  const bin = path.join(source.packageDir, 'bin');
  let staging: string | undefined;
  try {
    await mkdir(source.cacheDir, { recursive: true });
    staging = await mkdtemp(path.join(source.cacheDir, STAGING_PREFIX));
    await removeStaleStaging(source.cacheDir, staging);
    await inflate(
      path.join(bin, 'chromium.br'),
      createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }),
    );
    await inflate(path.join(bin, 'al2023.tar.br'), extract(staging));
    await inflate(path.join(bin, 'fonts.tar.br'), extract(staging));
    // The package's own fonts.conf names Lambda's folders (/tmp/fonts); this one names ours.
    await writeFile(path.join(staging, 'fonts.conf'), fontConfig(target));
    await rename(staging, target);
    return unpacked;
  } catch (error) {
    // Another process may have renamed its complete copy into place first: use that one.
    if (await isExecutableFile(unpacked.executablePath)) return unpacked;
    throw new TestBrowserError(
      `could not unpack the bundled Chromium from '${bin}' into '${target}': ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

function layout(dir: string, packageVersion: string): BundledChromium {
  return {
    executablePath: path.join(dir, 'chromium'),
    libraryDir: path.join(dir, 'lib'),
    fontConfigFile: path.join(dir, 'fonts.conf'),
    packageVersion,
  };
}

function fontConfig(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${path.join(dir, 'fonts')}</dir>`,
    `  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

async function readPackageVersion(packageDir: string): Promise<string> {
  const file = path.join(packageDir, 'package.json');
  let version: unknown;
  try {
    version = (JSON.parse(await readFile(file, 'utf8')) as { version?: unknown }).version;
  } catch (error) {
    throw new TestBrowserError(`cannot read the bundled Chromium's package file '${file}'`, { cause: error });
  }
  if (typeof version !== 'string' || !/^[\w.+-]+$/.test(version))
    throw new TestBrowserError(`'${file}' has no usable version: ${JSON.stringify(version)}`);
  return version;
}

async function inflate(file: string, into: Writable): Promise<void> {
  await pipeline(createReadStream(file), createBrotliDecompress(), into);
}

async function removeStaleStaging(cacheDir: string, own: string): Promise<void> {
  // Compared with our own staging folder's time, so only the file system's clock is used.
  const now = (await stat(own)).mtimeMs;
  for (const name of await readdir(cacheDir)) {
    const entry = path.join(cacheDir, name);
    if (!name.startsWith(STAGING_PREFIX) || entry === own) continue;
    const modified = await stat(entry).then(
      (s) => s.mtimeMs,
      () => now,
    );
    if (now - modified > STALE_STAGING_MS) await rm(entry, { recursive: true, force: true });
  }
}
