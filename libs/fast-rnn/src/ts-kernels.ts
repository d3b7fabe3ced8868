import type { KernelRunner, KernelSignatures, Program } from './program';
import { Activation } from './program';

/** Activated value -> derivative of the activation, written in terms of the output (as tfjs's gradients are). */
function derivative(activation: number, y: number): number {
  switch (activation) {
    case Activation.relu:
      return y > 0 ? 1 : 0;
    case Activation.tanh:
      return 1 - y * y;
    case Activation.sigmoid:
      return y * (1 - y);
    case Activation.hardSigmoid:
      // tfjs: clipByValue(0.2x + 0.5, 0, 1) passes the gradient where the clip is inactive.
      return y > 0 && y < 1 ? 0.2 : 0;
    default:
      return 1;
  }
}

function apply(activation: number, x: number): number {
  switch (activation) {
    case Activation.relu:
      return x > 0 ? x : 0;
    case Activation.tanh:
      return Math.tanh(x);
    case Activation.sigmoid:
      return 1 / (1 + Math.exp(-x));
    case Activation.hardSigmoid: {
      const y = 0.2 * x + 0.5;
      return y < 0 ? 0 : y > 1 ? 1 : y;
    }
    default:
      return x;
  }
}

type Kernel<K extends keyof KernelSignatures> = (f: Float32Array, ...args: KernelSignatures[K]) => void;

/**
 * Plain TypeScript kernels over a Float32Array: the readable reference for the WebAssembly ones, and
 * the fallback where WebAssembly SIMD is unavailable. Offsets and strides are in floats.
 */
export const tsKernels: { [K in keyof KernelSignatures]: Kernel<K> } = {
  /** C[m×n] = (accumulate ? C : 0) + A·B; A's element (i, p) is at a + i·aRowStride + p·aDepthStride. */
  gemm(f, m, n, k, a, ars, aks, b, ldb, c, ldc, accumulate) {
    for (let i = 0; i < m; i++) {
      const ci = c + i * ldc;
      if (!accumulate) f.fill(0, ci, ci + n);
      for (let p = 0; p < k; p++) {
        const aip = f[a + i * ars + p * aks];
        if (aip === 0) continue;
        const bp = b + p * ldb;
        for (let j = 0; j < n; j++) f[ci + j] += aip * f[bp + j];
      }
    }
  },
  fill(f, n, value, dst) {
    f.fill(value, dst, dst + n);
  },
  /** Every row of dst[rows×cols] = src[cols] (bias broadcast). */
  fillRows(f, rows, cols, src, dst) {
    for (let r = 0; r < rows; r++) f.copyWithin(dst + r * cols, src, src + cols);
  },
  /** dst[cols] = (accumulate ? dst : 0) + column sums of src (rows of stride lds). */
  sumRows(f, rows, cols, src, lds, dst, accumulate) {
    if (!accumulate) f.fill(0, dst, dst + cols);
    for (let r = 0; r < rows; r++) {
      const s = src + r * lds;
      for (let j = 0; j < cols; j++) f[dst + j] += f[s + j];
    }
  },
  transpose(f, rows, cols, src, dst) {
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < cols; j++) f[dst + j * rows + r] = f[src + r * cols + j];
  },
  /**
   * Regroups `count` gate blocks (from `first`) of a [depth, gateBlocks·units] recurrent kernel by four units:
   * dst[(q·depth + p)·count·4 + g·4 + l] = src[p·gateBlocks·units + (first + g)·units + 4q + l], for every
   * whole group q of four units, so the fused steps read one unit group's weights front to back.
   */
  packGates(f, depth, units, gateBlocks, first, count, src, dst) {
    let out = dst;
    for (let q = 0; q < Math.floor(units / 4); q++) {
      for (let p = 0; p < depth; p++) {
        for (let g = 0; g < count; g++) {
          const from = src + p * gateBlocks * units + (first + g) * units + 4 * q;
          f.copyWithin(out, from, from + 4);
          out += 4;
        }
      }
    }
  },
  addTo(f, n, src, dst) {
    for (let i = 0; i < n; i++) f[dst + i] += f[src + i];
  },
  /**
   * One step of backpropagation through time: reads the activated gates, dh (this step's total) and the
   * carried dc; writes the gate preactivation gradients over the gates and the new carried dc.
   */
  lstmBackward(f, batch, units, gates, cPrev, tanhC, dh, dc, ra) {
    for (let r = 0; r < batch; r++) {
      const g = gates + r * 4 * units;
      const s = r * units;
      for (let u = 0; u < units; u++) {
        const ig = f[g + u];
        const fg = f[g + units + u];
        const cg = f[g + 2 * units + u];
        const og = f[g + 3 * units + u];
        const tc = f[tanhC + s + u];
        const dhu = f[dh + s + u];
        const dcell = f[dc + s + u] + dhu * og * (1 - tc * tc);
        f[g + u] = dcell * cg * derivative(ra, ig);
        f[g + units + u] = dcell * f[cPrev + s + u] * derivative(ra, fg);
        f[g + 2 * units + u] = dcell * ig * (1 - cg * cg);
        f[g + 3 * units + u] = dhu * tc * derivative(ra, og);
        f[dc + s + u] = dcell * fg;
      }
    }
  },
  /** GRU backward, part 1: z and candidate preactivation gradients; dhPrev += dh·z. */
  gruBackwardA(f, batch, units, gates, hPrev, dh, dhPrev, ra) {
    for (let r = 0; r < batch; r++) {
      const g = gates + r * 3 * units;
      const s = r * units;
      for (let u = 0; u < units; u++) {
        const z = f[g + u];
        const hh = f[g + 2 * units + u];
        const d = f[dh + s + u];
        f[g + u] = d * (f[hPrev + s + u] - hh) * derivative(ra, z);
        f[g + 2 * units + u] = d * (1 - z) * (1 - hh * hh);
        f[dhPrev + s + u] += d * z;
      }
    }
  },
  /** GRU backward, part 2: given dRh = d(r·hPrev), the r preactivation gradient; dhPrev += dRh·r. */
  gruBackwardB(f, batch, units, gates, hPrev, dRh, dhPrev, ra) {
    for (let r = 0; r < batch; r++) {
      const g = gates + r * 3 * units;
      const s = r * units;
      for (let u = 0; u < units; u++) {
        const rg = f[g + units + u];
        const d = f[dRh + s + u];
        f[g + units + u] = d * f[hPrev + s + u] * derivative(ra, rg);
        f[dhPrev + s + u] += d * rg;
      }
    }
  },
  /**
   * Fused LSTM step: gates [rows, 4·units] hold x·kernel + bias for this timestep; adds hPrev·recurrent over
   * the first `depth` units of hPrev (units, or 0 when h_0 = 0), applies the cell: c = f·cPrev + i·g (c may
   * be cPrev), h = o·tanh(c). With `keep`, the activated gates overwrite `gates` and tanh(c) goes to tanhC.
   * `packed` holds the recurrent kernel as `packGates` lays it out for the WebAssembly kernels (which read
   * it for every whole group of four units); this reference reads `recurrent`.
   */
  lstmCellStep(f, rows, units, depth, gates, hPrev, recurrent, _packed, cPrev, c, tanhC, h, ra, keep) {
    const g4 = 4 * units;
    for (let r = 0; r < rows; r++) {
      const g = gates + r * g4;
      for (let j = 0; j < units; j++) {
        const [ig, fg, cg, og] = [0, 1, 2, 3].map((gate) => {
          const col = gate * units + j;
          let s = f[g + col];
          for (let p = 0; p < depth; p++) s += f[hPrev + r * units + p] * f[recurrent + p * g4 + col];
          return gate === 2 ? Math.tanh(s) : apply(ra, s);
        });
        const at = r * units + j;
        const cell = fg * f[cPrev + at] + ig * cg;
        const tc = Math.tanh(cell);
        f[c + at] = cell;
        f[h + at] = og * tc;
        if (keep) {
          [ig, fg, cg, og].forEach((v, gate) => (f[g + gate * units + j] = v));
          f[tanhC + at] = tc;
        }
      }
    }
  },
  /** Fused GRU step, part A: z and r (gates [rows, 3·units]) += hPrev·recurrent, activated in place; rh = r·hPrev. */
  gruCellStepA(f, rows, units, depth, gates, hPrev, recurrent, _packed, rh, ra) {
    const g3 = 3 * units;
    for (let r = 0; r < rows; r++) {
      const g = gates + r * g3;
      for (let j = 0; j < units; j++) {
        const [zg, rg] = [0, 1].map((gate) => {
          const col = gate * units + j;
          let s = f[g + col];
          for (let p = 0; p < depth; p++) s += f[hPrev + r * units + p] * f[recurrent + p * g3 + col];
          return apply(ra, s);
        });
        f[g + j] = zg;
        f[g + units + j] = rg;
        f[rh + r * units + j] = rg * f[hPrev + r * units + j];
      }
    }
  },
  /** Fused GRU step, part B: the candidate += rh·recurrent_h, tanh in place; h = z·hPrev + (1 - z)·candidate. */
  gruCellStepB(f, rows, units, depth, gates, rh, recurrent, _packed, hPrev, h) {
    const g3 = 3 * units;
    for (let r = 0; r < rows; r++) {
      const g = gates + r * g3;
      for (let j = 0; j < units; j++) {
        const col = 2 * units + j;
        let s = f[g + col];
        for (let p = 0; p < depth; p++) s += f[rh + r * units + p] * f[recurrent + p * g3 + col];
        const hh = Math.tanh(s);
        f[g + col] = hh;
        const at = r * units + j;
        f[h + at] = f[g + j] * f[hPrev + at] + (1 - f[g + j]) * hh;
      }
    }
  },
  activate(f, n, activation, x) {
    for (let i = 0; i < n; i++) f[x + i] = apply(activation, f[x + i]);
  },
  /** dy *= activation'(y), y being the activated output. */
  activateBackward(f, n, activation, y, dy) {
    for (let i = 0; i < n; i++) f[dy + i] *= derivative(activation, f[y + i]);
  },
  /** dPred = scale·(pred - y); lossOut[0] = Σ(pred - y)². */
  mse(f, n, pred, y, scale, dPred, lossOut) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = f[pred + i] - f[y + i];
      sum += d * d;
      f[dPred + i] = scale * d;
    }
    f[lossOut] = sum;
  },
  /** Adam exactly as tfjs's AdamOptimizer (bias correction by 1 - beta^t, epsilon outside the root). */
  adam(f, n, params, grads, m, v, lr, beta1, beta2, epsilon, omab1, omab2) {
    for (let i = 0; i < n; i++) {
      const g = f[grads + i];
      const mi = f[m + i] * beta1 + g * (1 - beta1);
      const vi = f[v + i] * beta2 + g * g * (1 - beta2);
      f[m + i] = mi;
      f[v + i] = vi;
      f[params + i] -= (lr * (mi / omab1)) / (Math.sqrt(vi / omab2) + epsilon);
    }
  },
};

/** Runs programs with the TypeScript kernels over a plain Float32Array. */
export class TsKernelRunner implements KernelRunner {
  readonly memory: Float32Array;

  constructor(floats: number) {
    this.memory = new Float32Array(floats);
  }

  run(program: Program): void {
    const f = this.memory;
    for (const call of program.calls) {
      const [name, ...args] = call;
      (tsKernels[name] as (f: Float32Array, ...a: number[]) => void)(f, ...args);
    }
  }
}
