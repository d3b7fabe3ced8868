import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Layout } from './layout';
import { Activation, Program } from './program';
import { randomArray, relativeError } from './test-support';
import { TsKernelRunner } from './ts-kernels';
import { instantiateKernels, sharedMemory, WasmKernelRunner } from './wasm-kernels';

/** Runs `record` on the same random memory with both kernel sets; returns both memories. */
function both(floats: number, record: (p: Program) => void): [Float32Array, Float32Array] {
  const program = new Program();
  record(program);
  const ts = new TsKernelRunner(floats);
  const memory = sharedMemory(floats);
  const wasm = new WasmKernelRunner(instantiateKernels(memory));
  const view = new Float32Array(memory.buffer, 0, floats);
  const init = randomArray(floats, 99);
  ts.memory.set(init);
  view.set(init);
  ts.run(program);
  wasm.run(program);
  return [ts.memory, view];
}

describe('WebAssembly kernels against the TypeScript ones', () => {
  it.each([
    [1, 1, 1, false],
    [5, 7, 3, false],
    [4, 8, 16, true],
    [9, 30, 13, true],
    [13, 256, 64, false],
    [3, 3, 40, true],
  ])('gemm m=%i n=%i k=%i (accumulate %s), plain and with A transposed', (m, n, k, accumulate) => {
    const layout = new Layout();
    const a = layout.alloc(m * k);
    const b = layout.alloc(k * (n + 3));
    const c = layout.alloc(m * (n + 5));
    const acc = accumulate ? 1 : 0;

    const [tsPlain, wasmPlain] = both(layout.size, (p) =>
      p.add('gemm', m, n, k, a, k, 1, b, n + 3, c, n + 5, acc),
    );
    const [tsT, wasmT] = both(layout.size, (p) => p.add('gemm', m, n, k, a, 1, m, b, n + 3, c, n + 5, acc));

    expect(
      relativeError(wasmPlain.subarray(c, c + m * (n + 5)), tsPlain.subarray(c, c + m * (n + 5))),
    ).toBeLessThan(1e-6);
    expect(relativeError(wasmT.subarray(c, c + m * (n + 5)), tsT.subarray(c, c + m * (n + 5)))).toBeLessThan(
      1e-6,
    );
  });

  it('activations (tanh and sigmoid approximations) match Math within 4e-7 (a few float32 steps near 1) over [-12, 12]', () => {
    const n = 4801;
    const layout = new Layout();
    const x = layout.alloc(n);
    const memory = sharedMemory(layout.size);
    const view = new Float32Array(memory.buffer, 0, layout.size);
    const runner = new WasmKernelRunner(instantiateKernels(memory));
    for (const [activation, reference] of [
      [Activation.tanh, Math.tanh],
      [Activation.sigmoid, (v: number) => 1 / (1 + Math.exp(-v))],
    ] as const) {
      const inputs = Float32Array.from({ length: n }, (_, i) => -12 + i * 0.005);
      view.set(inputs, x);
      const program = new Program();
      program.add('activate', n, activation, x);

      runner.run(program);

      const worst = Math.max(...Array.from(inputs, (v, i) => Math.abs(view[x + i] - reference(v))));
      expect(worst).toBeLessThan(4e-7);
    }
  });

  it('the committed module is what build.mjs compiles from kernels.as today', () => {
    const script = join(__dirname, 'assembly', 'build.mjs');

    const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
