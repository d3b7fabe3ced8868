import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { DockerStage } from './dockerfile';

/** The repository root, where `dist/apps/<app>/` is the image's app folder. */
export const ROOT = join(__dirname, '..', '..', '..', '..');

/** The built output of `app`, which the image copies into its app root. */
export function builtAppDir(app: string): string {
  return join(ROOT, 'dist', 'apps', app);
}

/** The stage's environment, as the container would start with it, plus the test's settings. */
export function containerEnv(stage: DockerStage, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env, ...extra };
}

export interface LambdaInvocation {
  readonly result?: unknown;
  readonly error?: { name: string; message: string };
  readonly output: string;
}

// What the Lambda Node.js runtime does with CMD ["file.export"]: require LAMBDA_TASK_ROOT/file.js and call
// the export with the event and a context. Run in a child process, like the runtime's own process.
const RUNTIME = `
const path = require('node:path');
const [file, name] = process.argv[1].split('.');
const handler = require(path.join(process.env.LAMBDA_TASK_ROOT, file + '.js'))[name];
if (typeof handler !== 'function') { console.log('@@ERROR@@' + JSON.stringify({ name: 'Runtime.HandlerNotFound', message: file + '.' + name + ' is not a function' })); process.exit(1); }
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const deadline = Date.now() + 300000;
  const context = { awsRequestId: 'contract-test', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => deadline - Date.now() };
  Promise.resolve(handler(JSON.parse(input), context)).then(
    (result) => { console.log('@@RESULT@@' + JSON.stringify(result === undefined ? null : result)); },
    (error) => { console.log('@@ERROR@@' + JSON.stringify({ name: error.name, message: error.message })); process.exitCode = 1; },
  );
});
`;

/** Invokes an image's Lambda handler (`CMD ["lambda.handler"]`) with a real-shaped event. */
export async function invokeLambda(
  taskRoot: string,
  handlerSpec: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
): Promise<LambdaInvocation> {
  const child = spawn(process.execPath, ['-e', RUNTIME, handlerSpec], {
    cwd: taskRoot,
    env: { ...env, LAMBDA_TASK_ROOT: taskRoot, AWS_LAMBDA_FUNCTION_NAME: 'contract-test' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  child.stdin.end(JSON.stringify(event));
  await once(child, 'close');
  const marker = output.split('\n').find((l) => l.startsWith('@@RESULT@@') || l.startsWith('@@ERROR@@'));
  if (marker?.startsWith('@@RESULT@@')) return { result: JSON.parse(marker.slice(10)), output };
  if (marker?.startsWith('@@ERROR@@')) return { error: JSON.parse(marker.slice(9)), output };
  throw new Error(`the handler process ended without an answer:\n${output}`);
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A process started from an image's ENTRYPOINT + CMD, with its output collected. */
export interface RunningEntry {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `command` (an image's ENTRYPOINT + CMD, e.g. `node /opt/app/main.js serve`) with the image's app
 * folder mapped onto the built output.
 */
export function startEntry(
  command: readonly string[],
  appRootInImage: string,
  app: string,
  env: NodeJS.ProcessEnv,
): RunningEntry {
  const [program, ...args] = command.map((part) => part.replace(appRootInImage, builtAppDir(app)));
  if (program !== 'node') throw new Error(`entry point runs ${program}, expected node`);
  const child = spawn(process.execPath, args, {
    cwd: builtAppDir(app),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers `expected` (or the process ends, or time runs out). */
export async function waitForStatus(
  url: string,
  expected: number,
  entry: RunningEntry,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void entry.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url);
      if (response.status === expected) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${url} did not answer ${expected}${exited ? ' (the process exited)' : ''}:\n${entry.output()}`,
  );
}
