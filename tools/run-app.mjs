#!/usr/bin/env node
// `npm run <app> -- <args>`: builds the app with Nx (cached, quiet unless it fails), then runs its CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [app, ...args] = process.argv.slice(2);
if (!app || !existsSync(join(root, 'apps', app, 'project.json'))) {
  console.error(`usage: node tools/run-app.mjs <app> [args...]; unknown app '${app ?? ''}'`);
  process.exit(2);
}

const build = spawnSync(
  join(root, 'node_modules', '.bin', 'nx'),
  ['run', `${app}:build`, '--outputStyle=static'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_NO_CLOUD: 'true' },
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  console.error(`building ${app} failed`);
  process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'main.js'), ...args], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
