#!/usr/bin/env node
// `npm test`: typecheck, formatting, then lint and test every Nx project, then one total line for CI.
// Each Jest run records its counts in tmp/jest-counts/<project>.json (tools/jest/count-reporter.js).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const countsDir = join(root, 'tmp', 'jest-counts');
rmSync(countsDir, { recursive: true, force: true });

function run(label, cmd, args) {
  console.log(`\n> ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_NO_CLOUD: 'true' },
  });
  return result.status ?? 1;
}

const nx = join(root, 'node_modules', '.bin', 'nx');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const typecheck = run('typecheck', tsc, ['-p', 'tsconfig.json', '--noEmit']);
const format = run('format', join(root, 'node_modules', '.bin', 'prettier'), [
  '--check',
  '--log-level',
  'warn',
  '.',
]);
const lintAndTest = run('lint and test', nx, [
  'run-many',
  '-t',
  'lint',
  'test',
  '--parallel=2',
  '--outputStyle=static',
]);

// Every project with a test target (inferred by @nx/jest/plugin from its jest.config), wherever it lives.
const listed = spawnSync(nx, ['show', 'projects', '--withTarget', 'test', '--json'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NX_NO_CLOUD: 'true' },
});
if (listed.status !== 0) {
  console.log(`! could not list the projects with tests: ${listed.stderr}`);
  process.exit(1);
}
const projects = JSON.parse(listed.stdout);

let passed = 0;
let failed = 0;
for (const project of projects) {
  const file = join(countsDir, `${project}.json`);
  if (!existsSync(file)) {
    console.log(`! ${project}: no test results recorded (its test run did not complete)`);
    failed += 1;
    continue;
  }
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
}
if (typecheck !== 0) console.log('! typecheck failed');
if (format !== 0) console.log('! formatting differs from prettier (npm run format fixes it)');
if (lintAndTest !== 0) console.log('! lint or tests failed');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(typecheck !== 0 || format !== 0 || lintAndTest !== 0 || failed > 0 ? 1 : 0);
