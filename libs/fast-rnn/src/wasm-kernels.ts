import { KERNELS_FMA_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.generated';
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
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of the kernels module: one function per kernel, arguments as in `KernelSignatures`. */
export type WasmKernelExports = Record<KernelName, (...args: number[]) => void>;

/**
 * Which build of the kernels runs: `fma` (relaxed SIMD: fused multiply-adds, about 1.3x faster training)
 * where the engine accepts it, as Node 22 does; else `simd` (Node 20 without
 * --experimental-wasm-relaxed-simd). Same kernels, same order of operations; FMA rounds each
 * multiply-add once instead of twice, so the two builds differ in the last bits.
 */
export type KernelBuild = 'fma' | 'simd';

const compiled = new Map<KernelBuild, WasmModule>();
let bestBuild: KernelBuild | undefined;

/** The build `kernelsModule()` uses by default here: `fma` when this engine validates it, else `simd`. */
export function kernelBuild(): KernelBuild {
  bestBuild ??= WebAssembly.validate(Buffer.from(KERNELS_FMA_WASM_BASE64, 'base64')) ? 'fma' : 'simd';
  return bestBuild;
}

/** The compiled kernels module of `build` (compiled once per thread; a Module can be posted to workers). */
export function kernelsModule(build: KernelBuild = kernelBuild()): WasmModule {
  let module = compiled.get(build);
  if (!module) {
    const base64 = build === 'fma' ? KERNELS_FMA_WASM_BASE64 : KERNELS_WASM_BASE64;
    module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    compiled.set(build, module);
  }
  return module;
}

/** A shared memory of at least `floats` floats, for the kernels of every thread. */
export function sharedMemory(floats: number): WasmMemory {
  const pages = Math.ceil((floats * 4) / PAGE_BYTES);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** Instantiates the kernels (of `module`, by default this engine's build) over `memory`. */
export function instantiateKernels(
  memory: WasmMemory,
  module: WasmModule = kernelsModule(),
): WasmKernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
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
