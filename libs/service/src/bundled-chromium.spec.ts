import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundledChromiumUnsupported, currentBrowserHost, unpackBundledChromium } from './bundled-chromium';
import { TestBrowserError } from './errors';
import { FAKE_CHROMIUM_SCRIPT, writeFakeChromiumPackage } from './test-support/fake-chromium-package';

describe('bundledChromiumUnsupported', () => {
  it('accepts x64 Linux with glibc 2.34 or newer', () => {
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'x64', glibc: '2.34' })).toBeUndefined();
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'x64', glibc: '2.36' })).toBeUndefined();
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'x64', glibc: '3.0' })).toBeUndefined();
  });

  it('says why on other machines', () => {
    expect(bundledChromiumUnsupported({ platform: 'darwin', arch: 'arm64' })).toBe(
      'it is built for x64 Linux only, and this is darwin arm64',
    );
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'arm64', glibc: '2.36' })).toBe(
      'it is built for x64 Linux only, and this is linux arm64',
    );
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'x64' })).toMatch(/needs glibc/);
    expect(bundledChromiumUnsupported({ platform: 'linux', arch: 'x64', glibc: '2.31' })).toBe(
      'its libraries need glibc 2.34 or newer, and this is glibc 2.31',
    );
  });

  it('reads this machine', () => {
    const host = currentBrowserHost();
    expect(host.platform).toBe(process.platform);
    expect(host.arch).toBe(process.arch);
    if (host.glibc !== undefined) expect(host.glibc).toMatch(/^\d+\.\d+/);
  });
});

describe('unpackBundledChromium', () => {
  let dir: string;
  let packageDir: string;
  let cacheDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-bundled-'));
    packageDir = path.join(dir, 'package');
    cacheDir = path.join(dir, 'cache');
    await writeFakeChromiumPackage(packageDir, '9.8.7');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('unpacks the binary, its libraries and fonts, with a fontconfig file naming the unpacked fonts', async () => {
    // act
    const unpacked = await unpackBundledChromium({ packageDir, cacheDir });

    // assert
    const target = path.join(cacheDir, 'chromium-9.8.7');
    expect(unpacked).toEqual({
      executablePath: path.join(target, 'chromium'),
      libraryDir: path.join(target, 'lib'),
      fontConfigFile: path.join(target, 'fonts.conf'),
      packageVersion: '9.8.7',
    });
    expect(await readFile(unpacked.executablePath, 'utf8')).toBe(FAKE_CHROMIUM_SCRIPT);
    expect(execFileSync(unpacked.executablePath, ['--version'], { encoding: 'utf8' })).toBe(
      'fake chromium --version\n',
    );
    expect(await readFile(path.join(unpacked.libraryDir, 'libnss3.so'), 'utf8')).toBe('not a real library');
    expect(await readFile(path.join(target, 'fonts/Open_Sans/OpenSans-Regular.ttf'), 'utf8')).toBe(
      'not a real font',
    );
    const fontConfig = await readFile(unpacked.fontConfigFile, 'utf8');
    expect(fontConfig).toContain(`<dir>${path.join(target, 'fonts')}</dir>`);
    expect(fontConfig).not.toContain('/tmp/fonts');
    expect(await readdir(cacheDir)).toEqual(['chromium-9.8.7']);
  });

  it('unpacks once: a second call reuses the copy without writing it again', async () => {
    // prepare
    const first = await unpackBundledChromium({ packageDir, cacheDir });
    const written = (await stat(first.executablePath)).mtimeMs;
    await utimes(first.executablePath, new Date(1_000_000), new Date(1_000_000));

    // act
    const second = await unpackBundledChromium({ packageDir, cacheDir });

    // assert
    expect(second).toEqual(first);
    expect((await stat(second.executablePath)).mtimeMs).toBe(1_000_000);
    expect(written).not.toBe(1_000_000);
  });

  it('gives concurrent first calls the same complete copy and leaves no staging folder', async () => {
    // act
    const results = await Promise.all(
      Array.from({ length: 4 }, () => unpackBundledChromium({ packageDir, cacheDir })),
    );

    // assert
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await readFile(results[0]!.executablePath, 'utf8')).toBe(FAKE_CHROMIUM_SCRIPT);
    expect(await readdir(cacheDir)).toEqual(['chromium-9.8.7']);
  });

  it('removes staging folders left long ago by a stopped run, and keeps recent ones', async () => {
    // prepare
    const old = path.join(cacheDir, '.staging-old');
    const recent = path.join(cacheDir, '.staging-recent');
    await mkdir(path.join(old, 'lib'), { recursive: true });
    await mkdir(recent, { recursive: true });
    await utimes(old, new Date(0), new Date(0));

    // act
    await unpackBundledChromium({ packageDir, cacheDir });

    // assert
    expect((await readdir(cacheDir)).sort()).toEqual(['.staging-recent', 'chromium-9.8.7']);
  });

  it('refuses a damaged package with a TestBrowserError naming it, and leaves nothing half-written', async () => {
    // prepare
    await writeFile(path.join(packageDir, 'bin', 'chromium.br'), 'not brotli');

    // act
    const error = await unpackBundledChromium({ packageDir, cacheDir }).catch((e: unknown) => e);

    // assert
    expect(error).toBeInstanceOf(TestBrowserError);
    expect(error).toMatchObject({ code: 'SERVICE_TEST_BROWSER_UNAVAILABLE', kind: 'unavailable' });
    expect((error as Error).message).toContain(
      `could not unpack the bundled Chromium from '${packageDir}/bin'`,
    );
    expect((error as Error).cause).toBeDefined();
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('refuses a package without a usable version', async () => {
    // prepare
    await writeFile(path.join(packageDir, 'package.json'), JSON.stringify({ version: '../escape' }));

    // act
    const error = await unpackBundledChromium({ packageDir, cacheDir }).catch((e: unknown) => e);

    // assert
    expect(error).toBeInstanceOf(TestBrowserError);
    expect((error as Error).message).toBe(`'${packageDir}/package.json' has no usable version: "../escape"`);
  });
});
