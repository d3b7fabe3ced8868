import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MARKER, DemoStoreError, prepareDemoStore } from './demo-store';

describe('prepareDemoStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing folder and marks it', () => {
    const dir = join(root, 'data');
    expect(prepareDemoStore(dir)).toBe('created');
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('empties a folder an earlier demo made', () => {
    const dir = join(root, 'data');
    prepareDemoStore(dir);
    mkdirSync(join(dir, 'raw'));
    writeFileSync(join(dir, 'raw', 'x.json'), '{}');
    expect(prepareDemoStore(dir)).toBe('reset');
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('refuses a folder with data it did not write, and leaves it alone', () => {
    const dir = join(root, 'data');
    mkdirSync(dir);
    writeFileSync(join(dir, 'precious.csv'), 'date,close\n');
    expect(() => prepareDemoStore(dir)).toThrow(DemoStoreError);
    expect(() => prepareDemoStore(dir)).toThrow(/did not write/);
    expect(existsSync(join(dir, 'precious.csv'))).toBe(true);
  });
});
