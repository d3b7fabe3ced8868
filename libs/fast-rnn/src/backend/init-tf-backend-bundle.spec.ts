import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

// The apps ship as esbuild bundles (dist/apps/<app>/main.js) with third-party packages left external in
// node_modules: the wasm backend must find its .wasm binaries from there, not next to the bundle.
const run = promisify(execFile);
jest.setTimeout(30_000);

function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${__dirname}`);
}

describe('initTfBackend inside an esbuild bundle', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('initialises wasm (tfjs-node absent) and computes, with packages external', async () => {
    const root = repoRoot();
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    dir = await mkdtemp(path.join(root, 'tmp', 'model-bundle-'));
    const entry = path.join(dir, 'entry.ts');
    await writeFile(
      entry,
      [
        "import { initTfBackend } from '@cf/fast-rnn';",
        'initTfBackend().then((info) => {',
        '  const y = info.tf.tidy(() => info.tf.matMul(info.tf.ones([2, 3]), info.tf.ones([3, 1])).dataSync());',
        '  process.stdout.write(JSON.stringify({ name: info.name, y: Array.from(y) }));',
        '});',
      ].join('\n'),
    );
    await build({
      entryPoints: [entry],
      outfile: path.join(dir, 'dist', 'main.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      tsconfig: path.join(root, 'tsconfig.base.json'),
      logLevel: 'silent',
    });

    const { stdout } = await run(process.execPath, [path.join(dir, 'dist', 'main.js')], { cwd: dir });

    let tfjsNode = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      tfjsNode = false;
    }
    expect(JSON.parse(stdout)).toEqual({ name: tfjsNode ? 'tensorflow' : 'wasm', y: [3, 3] });
  });
});
