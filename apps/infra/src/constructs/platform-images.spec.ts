import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../app';
import { synthPlatform, type SynthesizedPlatform } from '../testing/synth-platform';

interface DockerAsset {
  readonly source: { directory: string; dockerFile: string; dockerBuildTarget?: string; platform?: string };
}

/** The Docker image assets of a synthesized stack, keyed by Dockerfile (and target). */
function dockerAssets(platform: SynthesizedPlatform): Record<string, { hash: string; asset: DockerAsset }> {
  const assembly = platform.app.synth();
  const manifest = JSON.parse(
    readFileSync(join(assembly.directory, `${platform.stack.artifactId}.assets.json`), 'utf8'),
  ) as { dockerImages: Record<string, DockerAsset> };
  return Object.fromEntries(
    Object.entries(manifest.dockerImages).map(([hash, asset]) => [
      `${asset.source.dockerFile}${asset.source.dockerBuildTarget ? `#${asset.source.dockerBuildTarget}` : ''}`,
      { hash, asset },
    ]),
  );
}

// A copy of what the images are built from, so a test can change one app's source.
function copyBuildContext(): string {
  const root = mkdtempSync(join(tmpdir(), 'build-context-'));
  for (const entry of [
    '.dockerignore',
    'package.json',
    'package-lock.json',
    'nx.json',
    'tsconfig.base.json',
    'libs',
    'apps',
    'docker',
  ]) {
    cpSync(join(REPO_ROOT, entry), join(root, entry), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
  }
  return root;
}

describe('the platform images', () => {
  jest.setTimeout(180_000);

  it('builds six images from docker/ for linux/amd64: four Lambda functions, training, the endpoint', () => {
    const assets = dockerAssets(synthPlatform({ endpoint: 'true' }));

    expect(Object.keys(assets).sort()).toEqual([
      'docker/infer.Dockerfile#lambda',
      'docker/infer.Dockerfile#sagemaker',
      'docker/ingest.Dockerfile',
      'docker/monitor.Dockerfile',
      'docker/preprocess.Dockerfile',
      'docker/train.Dockerfile',
    ]);
    for (const { asset } of Object.values(assets)) expect(asset.source.platform).toBe('linux/amd64');
  });

  it("rolls out a changed image only: editing ingest's source gives ingest's image a new tag, and no other", () => {
    const root = copyBuildContext();
    try {
      const before = dockerAssets(synthPlatform({}, { repoRoot: root }));
      const file = join(root, 'apps', 'ingest', 'src', 'main.ts');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n// changed\n`);
      const spec = join(root, 'apps', 'monitor', 'src', 'config.spec.ts');
      writeFileSync(spec, `${readFileSync(spec, 'utf8')}\n// a test changed: no image is built from tests\n`);

      const after = dockerAssets(synthPlatform({}, { repoRoot: root }));

      const changed = Object.keys(before).filter((key) => before[key].hash !== after[key].hash);
      expect(changed).toEqual(['docker/ingest.Dockerfile']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
