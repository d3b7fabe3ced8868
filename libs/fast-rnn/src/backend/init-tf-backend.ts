import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';

/** The tfjs backends this platform uses, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use: its name, the tfjs namespace bound to it, and a human note (why it, what is off). */
export interface TfBackendInfo {
  readonly name: TfBackendName;
  readonly tf: typeof tf;
  readonly note: string;
}

/** Anything with pino's `info(obj, msg)` shape. */
export interface BackendLogger {
  info(obj: object, msg?: string): void;
}

/** Options of `initTfBackend`. */
export interface InitTfBackendOptions {
  /** Try this backend first (apps pass `TF_BACKEND` here); the others remain fallbacks. */
  readonly prefer?: TfBackendName;
  readonly logger?: BackendLogger;
}

const DEFAULT_ORDER: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];

let pending: Promise<TfBackendInfo> | undefined;
let ready: TfBackendInfo | undefined;

/**
 * Chooses and initialises the tfjs backend once per process: `@tensorflow/tfjs-node` where it is installed
 * (production images), else `@tensorflow/tfjs-backend-wasm`, else the pure-JS `cpu` backend; `prefer` is
 * tried first. Later calls return the same info whatever they pass. Logs the choice through `logger`.
 *
 * @example
 * const { tf, name } = await initTfBackend({ prefer: config.tfBackend, logger });
 * logger.info({ backend: name }, 'training');
 */
export function initTfBackend(options: InitTfBackendOptions = {}): Promise<TfBackendInfo> {
  pending ??= selectBackend(options.prefer).then(
    (info) => {
      ready = info;
      options.logger?.info({ backend: info.name, note: info.note }, `tfjs backend: ${info.name}`);
      return info;
    },
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

/** The backend chosen by `initTfBackend`, or `undefined` before it has finished. */
export function currentBackend(): TfBackendInfo | undefined {
  return ready;
}

async function selectBackend(prefer: TfBackendName | undefined): Promise<TfBackendInfo> {
  const order = prefer === undefined ? DEFAULT_ORDER : [prefer, ...DEFAULT_ORDER.filter((b) => b !== prefer)];
  const skipped: string[] = [];
  for (const name of order) {
    const failure = await trySetBackend(name);
    if (failure === undefined) {
      const why = skipped.length === 0 ? '' : `; skipped ${skipped.join('; ')}`;
      return { name, tf, note: `${await describe(name)}${why}` };
    }
    skipped.push(`${name} (${failure})`);
  }
  throw new BackendUnavailableError(`no tfjs backend could be initialised: ${skipped.join('; ')}`);
}

/** Sets up one backend; returns why it is unusable, or `undefined` when it is now active. */
async function trySetBackend(name: TfBackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') {
      // A runtime require inside try/catch: bundlers leave it alone and a missing optional package is fine.
      require('@tensorflow/tfjs-node');
    } else if (name === 'wasm') {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmBinaryFolder());
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return explain(error, name === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-backend-wasm');
  }
}

/**
 * The folder holding the `.wasm` binaries: next to the package's Node entry, wherever node_modules is (in
 * the repo, or beside an esbuild bundle that keeps the package external), so Emscripten's guess from the
 * bundle's own location never matters.
 */
function wasmBinaryFolder(): string {
  return `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`;
}

async function describe(name: TfBackendName): Promise<string> {
  switch (name) {
    case 'tensorflow':
      return 'native TensorFlow through @tensorflow/tfjs-node';
    case 'wasm': {
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD on' : 'SIMD off';
      // tfjs-backend-wasm reports no thread support under Node (tensorflow/tfjs#3830), so it uses one core.
      return `WebAssembly through @tensorflow/tfjs-backend-wasm (${simd}, threads off under Node)`;
    }
    case 'cpu':
      return 'pure JavaScript cpu backend (slowest)';
  }
}

function explain(error: unknown, pkg: string): string {
  // Not `instanceof Error`: errors thrown by a module loader may come from another realm (Jest's does).
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const text = (typeof message === 'string' ? message : String(error)).split('\n', 1)[0];
  // Only the package itself missing is "not installed"; a missing file inside it is a broken install.
  if (code === 'MODULE_NOT_FOUND' && text.includes(`'${pkg}'`)) return `${pkg} is not installed`;
  return text;
}
