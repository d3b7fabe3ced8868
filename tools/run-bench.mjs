#!/usr/bin/env node
// `npm run bench [-- filter]`: runs every benchmark (`apps/*/bench/*.bench.ts`, `libs/*/bench/*.bench.ts`)
// one after another, so they do not compete for the machine's cores. A filter keeps the files whose
// path contains it. Each benchmark prints its own figures, with the tfjs backend it ran on.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';
const files = [];
for (const group of ['libs', 'apps']) {
  for (const project of readdirSync(join(root, group))) {
    const dir = join(root, group, project, 'bench');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.bench.ts')) files.push(join(dir, f));
    }
  }
}
const selected = files.filter((f) => relative(root, f).includes(filter));
if (selected.length === 0) {
  console.error(`no benchmark matches '${filter}'`);
  process.exit(2);
}
let failures = 0;
for (const file of selected) {
  console.log(`\n=== ${relative(root, file)}`);
  const result = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [file], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failures += 1;
}
process.exit(failures === 0 ? 0 : 1);
