// Small kernels: fills, bias broadcast, column sums, transposes, dense activations, the loss and Adam.

import { activate1, addr, derivative1, ldf, stf } from './math';

export function fill(n: i32, value: f32, dst: i32): void {
  for (let i = 0; i < n; i++) stf(dst + i, value);
}

export function fillRows(rows: i32, cols: i32, src: i32, dst: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(addr(dst + r * cols), addr(src), (<usize>cols) << 2);
}

export function sumRows(rows: i32, cols: i32, src: i32, lds: i32, dst: i32, accumulate: i32): void {
  if (!accumulate) fill(cols, 0, dst);
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const s = src + r * lds;
    let j = 0;
    for (; j < c4; j += 4) v128.store(addr(dst + j), f32x4.add(v128.load(addr(dst + j)), v128.load(addr(s + j))));
    for (; j < cols; j++) stf(dst + j, ldf(dst + j) + ldf(s + j));
  }
}

export function transpose(rows: i32, cols: i32, src: i32, dst: i32): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) stf(dst + j * rows + r, ldf(src + r * cols + j));
}

/**
 * The recurrent kernel's gate columns regrouped for the fused steps: for every four units q (the units
 * beyond the last multiple of four are left out), for every depth row p, the `count` gate blocks from
 * `first` on, four lanes each: dst[(q·depth + p)·count·4 + g·4 + l] = src[p·gateBlocks·units + (first + g)·units + 4q + l].
 * One unit group's weights then sit in one contiguous strip, read front to back.
 */
export function packGates(depth: i32, units: i32, gateBlocks: i32, first: i32, count: i32, src: i32, dst: i32): void {
  const groups = units >> 2;
  let out = dst;
  for (let q = 0; q < groups; q++) {
    for (let p = 0; p < depth; p++) {
      const row = src + p * gateBlocks * units + 4 * q;
      for (let g = 0; g < count; g++) {
        v128.store(addr(out), v128.load(addr(row + (first + g) * units)));
        out += 4;
      }
    }
  }
}

export function addTo(n: i32, src: i32, dst: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) v128.store(addr(dst + i), f32x4.add(v128.load(addr(dst + i)), v128.load(addr(src + i))));
  for (; i < n; i++) stf(dst + i, ldf(dst + i) + ldf(src + i));
}

export function activate(n: i32, act: i32, x: i32): void {
  for (let i = 0; i < n; i++) stf(x + i, activate1(act, ldf(x + i)));
}

export function activateBackward(n: i32, act: i32, y: i32, dy: i32): void {
  for (let i = 0; i < n; i++) stf(dy + i, ldf(dy + i) * derivative1(act, ldf(y + i)));
}

export function mse(n: i32, pred: i32, y: i32, scale: f32, dPred: i32, lossOut: i32): void {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = ldf(pred + i) - ldf(y + i);
    sum += <f64>(d * d);
    stf(dPred + i, scale * d);
  }
  stf(lossOut, <f32>sum);
}

export function adam(n: i32, params: i32, grads: i32, m: i32, v: i32, lr: f32, beta1: f32, beta2: f32, epsilon: f32, omab1: f32, omab2: f32): void {
  const c1: f32 = 1.0 - beta1;
  const c2: f32 = 1.0 - beta2;
  for (let i = 0; i < n; i++) {
    const g = ldf(grads + i);
    const mi = ldf(m + i) * beta1 + g * c1;
    const vi = ldf(v + i) * beta2 + g * g * c2;
    stf(m + i, mi);
    stf(v + i, vi);
    stf(params + i, ldf(params + i) - (lr * (mi / omab1)) / (Mathf.sqrt(vi / omab2) + epsilon));
  }
}
