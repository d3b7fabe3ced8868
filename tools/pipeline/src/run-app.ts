import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** One run of an app's built CLI, as an operator would start it. */
export interface AppRun {
  readonly app: 'ingest' | 'preprocess' | 'train' | 'infer' | 'monitor';
  readonly args: readonly string[];
  /** Added to the pipeline's environment (e.g. CLOCK_NOW for a replayed day). */
  readonly env?: Readonly<Record<string, string>>;
  /** Echo the app's output live (long stages); otherwise it is shown only when the run fails. */
  readonly live?: boolean;
}

export interface AppRunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Why a stage of the pipeline failed, with the command and what it printed. */
export class PipelineStepError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`'${command}' failed with exit code ${exitCode ?? 'none (killed)'}`);
    this.name = 'PipelineStepError';
  }
}

/** Runs `node dist/apps/<app>/main.js <args>` from the repository root and resolves with its output. */
export function runApp(root: string, run: AppRun, baseEnv: NodeJS.ProcessEnv): Promise<AppRunResult> {
  const started = Date.now();
  const main = join(root, 'dist', 'apps', run.app, 'main.js');
  const command = `npm run ${run.app} -- ${run.args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...run.args], {
      cwd: root,
      env: { ...baseEnv, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (run.live) process.stdout.write(indent(chunk.toString()));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (run.live) process.stderr.write(indent(chunk.toString()));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr, seconds: (Date.now() - started) / 1000 });
      else reject(new PipelineStepError(command, code, `${stdout}${stderr}`));
    });
  });
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '    ');
}
