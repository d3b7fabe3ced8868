import { absoluteErrors } from '@cf/metrics';
import type { ScoredStep } from './scored-step';

/** The fields of a scored step that are not derived. */
export type StepInput = Omit<ScoredStep, 'persistence' | 'absoluteError' | 'directionCorrect'>;

/**
 * Scores one forecast step: absolute errors of the model, persistence (`lastClose`) and drift, and whether
 * each got the direction vs `lastClose` right (`@cf/metrics` rule: a zero move is a direction of its own).
 */
export function scoreStep(input: StepInput): ScoredStep {
  const { actual, predicted, lastClose, drift } = input;
  const [model, persistence, driftError] = absoluteErrors(
    [actual, actual, actual],
    [predicted, lastClose, drift ?? lastClose],
  );
  const move = Math.sign(actual - lastClose);
  return {
    ...input,
    persistence: lastClose,
    absoluteError: { model, persistence, drift: drift === null ? null : driftError },
    directionCorrect: {
      model: Math.sign(predicted - lastClose) === move,
      drift: drift === null ? null : Math.sign(drift - lastClose) === move,
    },
  };
}
