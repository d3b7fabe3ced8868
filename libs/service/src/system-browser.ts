import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import * as path from 'node:path';

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
const MAC_APPS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * Where an installed Chromium or Chrome may be, in the order tried: each browser name in each folder of `PATH`,
 * then, on macOS, the usual application bundles.
 */
export function systemBrowserCandidates(
  platform: NodeJS.Platform,
  pathVariable: string | undefined,
): string[] {
  const dirs = (pathVariable ?? '').split(path.delimiter).filter((dir) => path.isAbsolute(dir));
  const onPath = BROWSER_NAMES.flatMap((name) => dirs.map((dir) => path.join(dir, name)));
  return platform === 'darwin' ? [...onPath, ...MAC_APPS] : onPath;
}

/** The first candidate that is an executable file, or undefined. */
export async function firstExecutable(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await isExecutableFile(candidate)) return candidate;
  return undefined;
}

/** Whether `file` is a regular file (or a link to one) that this process may execute. */
export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
