// Which kernel build a benchmark runs: the engine's own by default (`simd` on Node 20, `fma` on Node 22), or
// the one named by the environment variable. Asking for `fma` on Node 20 turns on V8's relaxed SIMD flag
// first, which is how the figures of the build Node 22 runs are measured on a Node 20 machine.
import * as v8 from 'node:v8';
import { kernelBuild, type KernelBuild } from '@cf/fast-rnn';

/** The build named by `process.env[variable]` (`simd` or `fma`), else the engine's own. */
export function benchKernelBuild(variable: string): KernelBuild {
  const wanted = process.env[variable];
  if (wanted === undefined || wanted === '') return kernelBuild();
  if (wanted !== 'simd' && wanted !== 'fma')
    throw new Error(`${variable} must be simd or fma, not '${wanted}'`);
  if (wanted === 'fma' && kernelBuild() !== 'fma') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return wanted;
}
