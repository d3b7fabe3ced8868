import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The services built from `docker/<app>.Dockerfile`. */
export type ImageApp = 'ingest' | 'preprocess' | 'train' | 'infer' | 'monitor';

/**
 * The Docker build context of one app's image, as CDK `exclude` patterns (Docker's .dockerignore
 * semantics, the last matching pattern wins) over the repository root: only the files that image's
 * Dockerfile copies (the lock file, the Nx and TypeScript settings, libs/, apps/<app>/) and its Dockerfile.
 * The asset hash is computed over exactly these files, so an image is rebuilt and its functions updated
 * when, and only when, something it is built from changed. The repository's .dockerignore (which CDK reads
 * first) is applied again last, so nothing selected here brings back a spec file or a node_modules folder.
 */
export function imageContextExcludes(repoRoot: string, app: ImageApp): string[] {
  const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && line !== 'docker');
  return [
    '*',
    '!package.json',
    '!package-lock.json',
    '!nx.json',
    '!tsconfig.base.json',
    '!libs',
    `!apps/${app}`,
    `!docker/${app}.Dockerfile`,
    ...dockerignore,
  ];
}
