// The LSTM cell update on four units, shared by the training kernels (cells.as) and the fused forward steps (steps.as).

import { gate4, madd, tanh4 } from './math';

/**
 * The LSTM cell on one row and four units from the gate preactivations: c = f·cPrev + i·g, h = o·tanh(c),
 * stored at pc and ph. With `train` (a constant at every call site), the activated gates go to pg (gate
 * blocks gateBytes apart) and tanh(c) to pTanhC, for backpropagation.
 */
@inline export function lstmCell4(ra: i32, iPre: v128, fPre: v128, gPre: v128, oPre: v128, cPrev: v128, pc: usize, ph: usize, train: bool, pg: usize, gateBytes: usize, pTanhC: usize): void {
  const ig = gate4(ra, iPre);
  const fg = gate4(ra, fPre);
  const cg = tanh4(gPre);
  const og = gate4(ra, oPre);
  if (train) {
    v128.store(pg, ig);
    v128.store(pg + gateBytes, fg);
    v128.store(pg + 2 * gateBytes, cg);
    v128.store(pg + 3 * gateBytes, og);
  }
  const cell = madd(fg, cPrev, f32x4.mul(ig, cg));
  v128.store(pc, cell);
  const tc = tanh4(cell);
  if (train) v128.store(pTanhC, tc);
  v128.store(ph, f32x4.mul(og, tc));
}
