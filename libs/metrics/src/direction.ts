import { checkPair } from './checks';

/**
 * Share of points whose predicted move from `reference` (the last observed close when the forecast was
 * made) has the same sign as the actual move: `sign(predicted - reference) === sign(actual - reference)`.
 *
 * Zero-move rule: zero is a direction of its own. A flat prediction is a hit only when the actual close is
 * exactly unchanged, and a predicted move is a miss when the actual close is unchanged. So persistence,
 * which never predicts a move, scores (close to) 0: compare a model's accuracy with 0.5, not with persistence.
 *
 * @example
 * directionalAccuracy([100, 100], [105, 95], [101, 102]); // 0.5
 */
export function directionalAccuracy(
  reference: readonly number[],
  actual: readonly number[],
  predicted: readonly number[],
): number {
  checkPair('reference', reference, 'actual', actual);
  checkPair('reference', reference, 'predicted', predicted);
  let hits = 0;
  for (let i = 0; i < reference.length; i++) {
    if (Math.sign(predicted[i] - reference[i]) === Math.sign(actual[i] - reference[i])) hits++;
  }
  return hits / reference.length;
}
