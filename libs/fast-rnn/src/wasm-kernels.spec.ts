import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Layout } from './layout';
import { Activation, Program } from './program';
import { compileFmaBuild, randomArray, relativeError } from './test-support';
import { TsKernelRunner } from './ts-kernels';
import {
  instantiateKernels,
  kernelBuild,
  kernelsModule,
  sharedMemory,
  WasmKernelRunner,
  type KernelBuild,
} from './wasm-kernels';

/** Runs `record` on the same random memory with both kernel sets; returns both memories. */
function both(
  floats: number,
  record: (p: Program) => void,
  build: KernelBuild = kernelBuild(),
): [Float32Array, Float32Array] {
  const program = new Program();
  record(program);
  const ts = new TsKernelRunner(floats);
  const memory = sharedMemory(floats);
  const wasm = new WasmKernelRunner(instantiateKernels(memory, kernelsModule(build)));
  const view = new Float32Array(memory.buffer, 0, floats);
  const init = randomArray(floats, 99);
  ts.memory.set(init);
  view.set(init);
  ts.run(program);
  wasm.run(program);
  return [ts.memory, view];
}

beforeAll(() => compileFmaBuild());

// 6 units: one group of four plus a scalar tail; 5 rows: blocks of 2 (LSTM) or 4 (GRU) plus a single row.
const [ROWS, UNITS] = [5, 6];
const LSTM_BUFFERS = [
  ROWS * 4 * UNITS,
  ROWS * UNITS,
  4 * UNITS * UNITS,
  4 * UNITS * UNITS,
  ...[1, 2, 3, 4].map(() => ROWS * UNITS),
];

function lstmStep(keep: number): (p: Program, buffers: number[], depth: number) => void {
  return (p, [gates, hPrev, recurrent, packed, cPrev, c, tanhC, h], depth) => {
    p.add('packGates', UNITS, UNITS, 4, 0, 4, recurrent, packed);
    p.add(
      'lstmCellStep',
      ROWS,
      UNITS,
      depth,
      gates,
      hPrev,
      recurrent,
      packed,
      cPrev,
      c,
      tanhC,
      h,
      Activation.sigmoid,
      keep,
    );
  };
}

/** Each fused step: its buffers' sizes, then its calls (packing the recurrent kernel first, as the layers do). */
const STEPS: Array<[string, number[], (p: Program, buffers: number[], depth: number) => void]> = [
  ['lstmCellStep keeping the gates (training)', LSTM_BUFFERS, lstmStep(1)],
  ['lstmCellStep (inference)', LSTM_BUFFERS, lstmStep(0)],
  [
    'gruCellStepA then gruCellStepB',
    [
      ROWS * 3 * UNITS,
      ROWS * UNITS,
      3 * UNITS * UNITS,
      2 * UNITS * UNITS,
      UNITS * UNITS,
      ROWS * UNITS,
      ROWS * UNITS,
    ],
    (p, [gates, hPrev, recurrent, packedZr, packedH, rh, h], depth) => {
      p.add('packGates', UNITS, UNITS, 3, 0, 2, recurrent, packedZr);
      p.add('packGates', UNITS, UNITS, 3, 2, 1, recurrent, packedH);
      p.add(
        'gruCellStepA',
        ROWS,
        UNITS,
        depth,
        gates,
        hPrev,
        recurrent,
        packedZr,
        rh,
        Activation.hardSigmoid,
      );
      p.add('gruCellStepB', ROWS, UNITS, depth, gates, rh, recurrent, packedH, hPrev, h);
    },
  ],
];

describe.each(['simd', 'fma'] as const)(
  'fused recurrent steps, %s build, against the TypeScript ones',
  (build) => {
    it.each(
      STEPS.flatMap(([name, sizes, record]) =>
        [0, UNITS].map((depth) => [name, depth, sizes, record] as const),
      ),
    )('%s at depth %i (the first timestep, a later one)', (_name, depth, sizes, record) => {
      const layout = new Layout();
      const buffers = sizes.map((n) => layout.alloc(n));

      const [ts, wasm] = both(layout.size, (p) => record(p, buffers, depth), build);

      expect(relativeError(wasm, ts)).toBeLessThan(1e-6);
    });
  },
);

describe('WebAssembly kernels against the TypeScript ones', () => {
  it.each(
    (['simd', 'fma'] as const).flatMap((build) =>
      (
        [
          [1, 1, 1, false],
          [5, 7, 3, false],
          [4, 8, 16, true],
          [9, 30, 13, true],
          [13, 256, 64, false],
          [3, 3, 40, true],
          [6, 40, 600, true],
          [300, 9, 5, false],
        ] as const
      ).map(([m, n, k, accumulate]) => [build, m, n, k, accumulate] as const),
    ),
  )(
    '%s build: gemm m=%i n=%i k=%i (accumulate %s), plain and with A transposed',
    (build, m, n, k, accumulate) => {
      const layout = new Layout();
      const a = layout.alloc(m * k);
      const b = layout.alloc(k * (n + 3));
      const c = layout.alloc(m * (n + 5));
      const acc = accumulate ? 1 : 0;

      const [tsPlain, wasmPlain] = both(
        layout.size,
        (p) => p.add('gemm', m, n, k, a, k, 1, b, n + 3, c, n + 5, acc),
        build,
      );
      const [tsT, wasmT] = both(
        layout.size,
        (p) => p.add('gemm', m, n, k, a, 1, m, b, n + 3, c, n + 5, acc),
        build,
      );

      expect(
        relativeError(wasmPlain.subarray(c, c + m * (n + 5)), tsPlain.subarray(c, c + m * (n + 5))),
      ).toBeLessThan(1e-6);
      expect(
        relativeError(wasmT.subarray(c, c + m * (n + 5)), tsT.subarray(c, c + m * (n + 5))),
      ).toBeLessThan(1e-6);
    },
  );

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
