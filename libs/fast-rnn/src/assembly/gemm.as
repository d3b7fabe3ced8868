// Matrix product. C[m×n] = (accumulate ? C : 0) + A·B, A's element (i, p) at a + i·ars + p·aks (so one
// kernel serves A and Aᵀ), B row-major with row stride ldb.
//
// Register blocks of 4 rows × 8 columns (per step of p: two loads of B, four broadcasts of A, eight
// multiply-adds; the accumulators stay in registers for the whole depth), with 3, 2 and 1-row blocks of
// 8 columns for the last rows (so a product with few rows, such as the input kernel's gradient, keeps
// several independent sums in flight) and 4-column and scalar blocks for the last columns. Every block
// sums over the depth in the same order, so an element of C does not depend on which block computed it:
// a row's result is the same whatever other rows share the call.
//
// Cache blocking: the depth is cut into panels of KC steps (the first panel honours `accumulate`, the
// others add to C), so the part of A and of B one panel reads stays in the core's L2 while every block
// of C passes over it. Inside a panel the loop order keeps the larger operand streaming and the smaller
// one resident: with fewer rows than columns (a recurrent product [rows, u]·[u, 4u], or hᵀ·dZ) a strip of
// eight columns of B is reused by every row block before moving on; otherwise (the input projection of
// every timestep) four rows of A are reused across all of B.

import { addr, madd, stf } from './math';

const KC: i32 = 256;

export function gemm(m: i32, n: i32, k: i32, a: i32, ars: i32, aks: i32, b: i32, ldb: i32, c: i32, ldc: i32, accumulate: i32): void {
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(addr(c + i * ldc), 0, (<usize>n) << 2);
    return;
  }
  for (let p = 0; p < k; p += KC) {
    const depth = min<i32>(KC, k - p);
    panel(m, n, depth, a + p * aks, ars, aks, b + p * ldb, ldb, c, ldc, p > 0 ? 1 : accumulate);
  }
}

function panel(m: i32, n: i32, k: i32, a: i32, ars: i32, aks: i32, b: i32, ldb: i32, c: i32, ldc: i32, acc: i32): void {
  const rowStep = (<usize>ars) << 2;
  const depthStep = (<usize>aks) << 2;
  const bStep = (<usize>ldb) << 2;
  const cStep = (<usize>ldc) << 2;
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rest = m - m4;
  if (m <= n) {
    for (let j = 0; j < n8; j += 8) {
      const pb = addr(b + j);
      for (let i = 0; i < m4; i += 4) {
        block4x8(addr(a + i * ars), rowStep, depthStep, pb, bStep, addr(c + i * ldc + j), cStep, k, acc);
      }
      if (rest) blockRx8(rest, addr(a + m4 * ars), rowStep, depthStep, pb, bStep, addr(c + m4 * ldc + j), cStep, k, acc);
    }
  } else {
    for (let i = 0; i < m4; i += 4) {
      const pa = addr(a + i * ars);
      const pc = addr(c + i * ldc);
      for (let j = 0; j < n8; j += 8) {
        block4x8(pa, rowStep, depthStep, addr(b + j), bStep, pc + ((<usize>j) << 2), cStep, k, acc);
      }
    }
    if (rest) {
      for (let j = 0; j < n8; j += 8) {
        blockRx8(rest, addr(a + m4 * ars), rowStep, depthStep, addr(b + j), bStep, addr(c + m4 * ldc + j), cStep, k, acc);
      }
    }
  }
  let j = n8;
  if (n - j >= 4) {
    let i = 0;
    for (; i < m4; i += 4) block4x4(addr(a + i * ars), rowStep, depthStep, addr(b + j), bStep, addr(c + i * ldc + j), cStep, k, acc);
    for (; i < m; i++) block1x4(addr(a + i * ars), depthStep, addr(b + j), bStep, addr(c + i * ldc + j), k, acc);
    j += 4;
  }
  for (; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const pa = addr(a + i * ars);
      let pb = addr(b + j);
      let s: f32 = 0;
      let off: usize = 0;
      for (let p = 0; p < k; p++) {
        s += load<f32>(pa + off) * load<f32>(pb);
        pb += bStep;
        off += depthStep;
      }
      const at = c + i * ldc + j;
      stf(at, acc ? load<f32>(addr(at)) + s : s);
    }
  }
}

@inline function blockRx8(rows: i32, pa: usize, rowStep: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, cStep: usize, k: i32, acc: i32): void {
  if (rows == 3) block3x8(pa, rowStep, depthStep, pb, bStep, pc, cStep, k, acc);
  else if (rows == 2) block2x8(pa, rowStep, depthStep, pb, bStep, pc, cStep, k, acc);
  else block1x8(pa, depthStep, pb, bStep, pc, k, acc);
}

// In every block: pa is the byte address of A(i, 0), pb of B(0, j), pc of C(i, j); rowStep, depthStep,
// bStep and cStep are byte strides.

function block4x8(pa: usize, rowStep: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, cStep: usize, k: i32, acc: i32): void {
  let a1 = pa + rowStep;
  let a2 = a1 + rowStep;
  let a3 = a2 + rowStep;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0);
  let s21 = f32x4.splat(0);
  let s30 = f32x4.splat(0);
  let s31 = f32x4.splat(0);
  let a0 = pa;
  const end = pb + (<usize>k) * bStep;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(a0);
    const x1 = v128.load32_splat(a1);
    const x2 = v128.load32_splat(a2);
    const x3 = v128.load32_splat(a3);
    s00 = madd(x0, b0, s00);
    s01 = madd(x0, b1, s01);
    s10 = madd(x1, b0, s10);
    s11 = madd(x1, b1, s11);
    s20 = madd(x2, b0, s20);
    s21 = madd(x2, b1, s21);
    s30 = madd(x3, b0, s30);
    s31 = madd(x3, b1, s31);
    pb += bStep;
    a0 += depthStep;
    a1 += depthStep;
    a2 += depthStep;
    a3 += depthStep;
  }
  const c1 = pc + cStep;
  const c2 = c1 + cStep;
  const c3 = c2 + cStep;
  if (acc) {
    s00 = f32x4.add(s00, v128.load(pc));
    s01 = f32x4.add(s01, v128.load(pc, 16));
    s10 = f32x4.add(s10, v128.load(c1));
    s11 = f32x4.add(s11, v128.load(c1, 16));
    s20 = f32x4.add(s20, v128.load(c2));
    s21 = f32x4.add(s21, v128.load(c2, 16));
    s30 = f32x4.add(s30, v128.load(c3));
    s31 = f32x4.add(s31, v128.load(c3, 16));
  }
  v128.store(pc, s00);
  v128.store(pc, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

function block3x8(pa: usize, rowStep: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, cStep: usize, k: i32, acc: i32): void {
  const a1 = pa + rowStep;
  const a2 = a1 + rowStep;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0);
  let s21 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(pa + off);
    const x1 = v128.load32_splat(a1 + off);
    const x2 = v128.load32_splat(a2 + off);
    s00 = madd(x0, b0, s00);
    s01 = madd(x0, b1, s01);
    s10 = madd(x1, b0, s10);
    s11 = madd(x1, b1, s11);
    s20 = madd(x2, b0, s20);
    s21 = madd(x2, b1, s21);
    pb += bStep;
    off += depthStep;
  }
  const c1 = pc + cStep;
  const c2 = c1 + cStep;
  if (acc) {
    s00 = f32x4.add(s00, v128.load(pc));
    s01 = f32x4.add(s01, v128.load(pc, 16));
    s10 = f32x4.add(s10, v128.load(c1));
    s11 = f32x4.add(s11, v128.load(c1, 16));
    s20 = f32x4.add(s20, v128.load(c2));
    s21 = f32x4.add(s21, v128.load(c2, 16));
  }
  v128.store(pc, s00);
  v128.store(pc, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
}

function block2x8(pa: usize, rowStep: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, cStep: usize, k: i32, acc: i32): void {
  const a1 = pa + rowStep;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(pa + off);
    const x1 = v128.load32_splat(a1 + off);
    s00 = madd(x0, b0, s00);
    s01 = madd(x0, b1, s01);
    s10 = madd(x1, b0, s10);
    s11 = madd(x1, b1, s11);
    pb += bStep;
    off += depthStep;
  }
  const c1 = pc + cStep;
  if (acc) {
    s00 = f32x4.add(s00, v128.load(pc));
    s01 = f32x4.add(s01, v128.load(pc, 16));
    s10 = f32x4.add(s10, v128.load(c1));
    s11 = f32x4.add(s11, v128.load(c1, 16));
  }
  v128.store(pc, s00);
  v128.store(pc, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
}

function block1x8(pa: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, k: i32, acc: i32): void {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    const x0 = v128.load32_splat(pa + off);
    s0 = madd(x0, v128.load(pb), s0);
    s1 = madd(x0, v128.load(pb, 16), s1);
    pb += bStep;
    off += depthStep;
  }
  if (acc) {
    s0 = f32x4.add(s0, v128.load(pc));
    s1 = f32x4.add(s1, v128.load(pc, 16));
  }
  v128.store(pc, s0);
  v128.store(pc, s1, 16);
}

function block4x4(pa: usize, rowStep: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, cStep: usize, k: i32, acc: i32): void {
  const a1 = pa + rowStep;
  const a2 = a1 + rowStep;
  const a3 = a2 + rowStep;
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    s0 = madd(v128.load32_splat(pa + off), b0, s0);
    s1 = madd(v128.load32_splat(a1 + off), b0, s1);
    s2 = madd(v128.load32_splat(a2 + off), b0, s2);
    s3 = madd(v128.load32_splat(a3 + off), b0, s3);
    pb += bStep;
    off += depthStep;
  }
  const c1 = pc + cStep;
  const c2 = c1 + cStep;
  const c3 = c2 + cStep;
  if (acc) {
    s0 = f32x4.add(s0, v128.load(pc));
    s1 = f32x4.add(s1, v128.load(c1));
    s2 = f32x4.add(s2, v128.load(c2));
    s3 = f32x4.add(s3, v128.load(c3));
  }
  v128.store(pc, s0);
  v128.store(c1, s1);
  v128.store(c2, s2);
  v128.store(c3, s3);
}

function block1x4(pa: usize, depthStep: usize, pb: usize, bStep: usize, pc: usize, k: i32, acc: i32): void {
  let s0 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    s0 = madd(v128.load32_splat(pa + off), v128.load(pb), s0);
    pb += bStep;
    off += depthStep;
  }
  if (acc) s0 = f32x4.add(s0, v128.load(pc));
  v128.store(pc, s0);
}
