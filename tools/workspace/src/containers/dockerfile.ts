import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** One `FROM` stage of a Dockerfile, with what the container contract depends on. */
export interface DockerStage {
  readonly name: string | undefined;
  readonly base: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string | undefined;
  readonly entrypoint: readonly string[] | undefined;
  readonly cmd: readonly string[] | undefined;
  /** `COPY --from=<stage> <src> <dest>` lines, destinations with variables expanded. */
  readonly copies: readonly { from: string | undefined; src: string; dest: string }[];
  readonly healthcheck: string | undefined;
  readonly user: string | undefined;
}

// The Lambda base images define this; Dockerfiles copy the app into it.
const BASE_IMAGE_ENV: Record<string, Record<string, string>> = {
  'public.ecr.aws/lambda/nodejs': { LAMBDA_TASK_ROOT: '/var/task' },
};

/** Joins continuation lines and drops comments. */
function instructions(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    lines.push((current + line).trim());
    current = '';
  }
  return lines;
}

function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b) as string;
    return vars[name] ?? `\${${name}}`;
  });
}

function execForm(rest: string): string[] {
  const parsed: unknown = JSON.parse(rest);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new Error(`expected the exec form ["a", "b"], got ${rest}`);
  }
  return parsed;
}

/** Parses the stages of a Dockerfile (only the instructions the container contract needs). */
export function parseDockerfile(path: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const args: Record<string, string> = {};
  let stage:
    | {
        -readonly [K in keyof DockerStage]: DockerStage[K];
      }
    | null = null;
  for (const line of instructions(readFileSync(path, 'utf8'))) {
    const [keyword, ...parts] = line.split(/\s+/);
    const rest = line.slice(keyword.length).trim();
    switch (keyword.toUpperCase()) {
      case 'ARG': {
        const [name, value] = rest.split('=');
        if (value !== undefined) args[name] = value;
        break;
      }
      case 'FROM': {
        const base = expand(parts[0], args);
        const asIndex = parts.findIndex((p) => p.toUpperCase() === 'AS');
        const repo = base.split(':')[0];
        stage = {
          name: asIndex >= 0 ? parts[asIndex + 1] : undefined,
          base,
          env: { ...(BASE_IMAGE_ENV[repo] ?? {}) },
          workdir: undefined,
          entrypoint: undefined,
          cmd: undefined,
          copies: [],
          healthcheck: undefined,
          user: undefined,
        };
        stages.push(stage);
        break;
      }
      case 'ENV': {
        if (!stage) break;
        for (const pair of rest.split(/\s+/)) {
          const [name, value] = pair.split('=');
          stage.env = { ...stage.env, [name]: value };
        }
        break;
      }
      case 'WORKDIR':
        if (stage) stage.workdir = rest;
        break;
      case 'ENTRYPOINT':
        if (stage) stage.entrypoint = execForm(rest);
        break;
      case 'CMD':
        if (stage) stage.cmd = execForm(rest);
        break;
      case 'USER':
        if (stage) stage.user = rest;
        break;
      case 'HEALTHCHECK':
        if (stage) stage.healthcheck = rest;
        break;
      case 'COPY': {
        if (!stage) break;
        const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
        const paths = parts.filter((p) => !p.startsWith('--'));
        const written = expand(paths[paths.length - 1], { ...args, ...stage.env });
        // A relative destination is relative to the WORKDIR in force at this COPY.
        const dest = written.startsWith('/') ? written : posix.join(stage.workdir ?? '/', written);
        for (const src of paths.slice(0, -1)) stage.copies = [...stage.copies, { from, src, dest }];
        break;
      }
      default:
        break;
    }
  }
  return stages;
}

/** The stage `docker build --target <name>` produces, or the last stage without a target. */
export function targetStage(stages: readonly DockerStage[], target?: string): DockerStage {
  const stage = target === undefined ? stages[stages.length - 1] : stages.find((s) => s.name === target);
  if (!stage) throw new Error(`no stage named ${target}`);
  return stage;
}

/** Where the stage puts the built app (`/workspace/dist/apps/<app>/`), in the container's file system. */
export function appRootInImage(stage: DockerStage, app: string): string {
  const copy = stage.copies.find((c) => c.src.replace(/\/$/, '') === `/workspace/dist/apps/${app}`);
  if (!copy) throw new Error(`stage ${stage.name ?? '(last)'} does not copy dist/apps/${app}`);
  return copy.dest.replace(/\/$/, '');
}
