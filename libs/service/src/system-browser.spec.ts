import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { firstExecutable, isExecutableFile, systemBrowserCandidates } from './system-browser';

describe('systemBrowserCandidates', () => {
  it('tries each browser name in each absolute PATH folder, in order', () => {
    expect(systemBrowserCandidates('linux', '/usr/local/bin:relative/bin::/usr/bin')).toEqual([
      '/usr/local/bin/chromium',
      '/usr/bin/chromium',
      '/usr/local/bin/chromium-browser',
      '/usr/bin/chromium-browser',
      '/usr/local/bin/google-chrome-stable',
      '/usr/bin/google-chrome-stable',
      '/usr/local/bin/google-chrome',
      '/usr/bin/google-chrome',
    ]);
  });

  it('adds the application bundles on macOS', () => {
    expect(systemBrowserCandidates('darwin', undefined)).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
  });
});

describe('firstExecutable', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-system-browser-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips missing paths, folders and files without the execute bit, and follows links', async () => {
    // prepare
    const plain = path.join(dir, 'plain');
    await writeFile(plain, 'data');
    await chmod(plain, 0o644);
    const folder = path.join(dir, 'folder');
    await mkdir(folder);
    const script = path.join(dir, 'script');
    await writeFile(script, '#!/bin/sh\n', { mode: 0o755 });
    const link = path.join(dir, 'link');
    await symlink(script, link);

    // act
    const found = await firstExecutable([path.join(dir, 'missing'), plain, folder, link, script]);

    // assert
    expect(found).toBe(link);
    expect(await isExecutableFile(folder)).toBe(false);
    expect(await firstExecutable([plain, folder])).toBeUndefined();
  });
});
