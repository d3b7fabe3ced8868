import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written into a store the demo created, so a later `npm start` may wipe it and nothing else. */
export const DEMO_MARKER = '.crypto-forecast-demo';

/** Why the demo will not touch a folder. */
export class DemoStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoStoreError';
  }
}

/**
 * Prepares a local folder for the demo replay: creates it, or empties a folder an earlier demo made.
 * Refuses a non-empty folder without the marker: it may hold real data.
 */
export function prepareDemoStore(dir: string): 'created' | 'reset' {
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, DEMO_MARKER), 'written by npm start; the demo may wipe this folder\n');
    return 'created';
  }
  if (!existsSync(join(dir, DEMO_MARKER))) {
    throw new DemoStoreError(
      `${dir} already holds data that npm start did not write; the demo replays bundled history into an ` +
        `empty store. Point STORE_URL at an empty folder (e.g. STORE_URL=./demo-data npm start) or move ${dir} away.`,
    );
  }
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  writeFileSync(join(dir, DEMO_MARKER), 'written by npm start; the demo may wipe this folder\n');
  return 'reset';
}
