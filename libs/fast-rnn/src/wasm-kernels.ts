import { KERNELS_WASM_BASE64 } from './kernels-wasm.generated';
import type { KernelName, Program } from './program';

const PAGE_BYTES = 65_536;

// The repo compiles against ES2023 without DOM typings, which leaves WebAssembly untyped; this is the slice used.
/** A compiled WebAssembly module (can be posted to worker threads). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}
/** A shared WebAssembly memory. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of the kernels module: one function per kernel, arguments as in `KernelSignatures`. */
export type WasmKernelExports = Record<KernelName, (...args: number[]) => void>;

let compiled: WasmModule | undefined;

/** The compiled kernels module (compiled once per thread; a Module can be posted to workers). */
export function kernelsModule(): WasmModule {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** A shared memory of at least `floats` floats, for the kernels of every thread. */
export function sharedMemory(floats: number): WasmMemory {
  const pages = Math.ceil((floats * 4) / PAGE_BYTES);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** Instantiates the kernels over `memory`. */
export function instantiateKernels(memory: WasmMemory): WasmKernelExports {
  const instance = new WebAssembly.Instance(kernelsModule(), { env: { memory } });
  return instance.exports as unknown as WasmKernelExports;
}

type BoundCall = [fn: (...args: number[]) => void, args: number[]];

/** Runs programs with the WebAssembly kernels on the calling thread (programs are bound once, then cached). */
export class WasmKernelRunner {
  private readonly bound = new WeakMap<Program, BoundCall[]>();

  constructor(private readonly kernels: WasmKernelExports) {}

  run(program: Program): void {
    let calls = this.bound.get(program);
    if (!calls) {
      calls = program.calls.map(([name, ...args]) => [this.kernels[name], args]);
      this.bound.set(program, calls);
    }
    for (let i = 0; i < calls.length; i++) calls[i][0](...calls[i][1]);
  }
}
