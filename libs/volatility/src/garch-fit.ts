import { checkCloses } from './checks';
import { VolatilityError } from './errors';
import { filterGarchT, type GarchTParams } from './garch-likelihood';
import { logReturns } from './log-returns';
import { minimizeNelderMead } from './nelder-mead';

/** Options of {@link fitGarchT}. */
export interface GarchTFitOptions {
  /**
   * Fix ω so that the model's unconditional variance `ω / (1 - α - β)` equals the sample variance (Engle &
   * Mezrich 1996), leaving α, β and ν to the likelihood. Default false: ω is estimated too.
   */
  readonly varianceTargeting?: boolean;
  /** Budget of likelihood evaluations for the optimizer. Default 5000. */
  readonly maxEvaluations?: number;
}

/** A fitted GARCH(1,1)-t: its parameters and how the fit went. */
export interface GarchTFit extends GarchTParams {
  /** Maximized log-likelihood (constants included). */
  readonly logLikelihood: number;
  /** Number of returns fitted. */
  readonly n: number;
  /** Whether the optimizer met its tolerances within its budget. */
  readonly converged: boolean;
  /** Likelihood evaluations used. */
  readonly evaluations: number;
  readonly varianceTargeting: boolean;
}

/** The fewest closes {@link fitGarchT} accepts (100 returns). */
export const GARCH_MIN_CLOSES = 101;

/** α + β is kept at or below this, so the process stays covariance-stationary. */
const MAX_PERSISTENCE = 1 - 1e-6;
/** ν is searched within [2.1, 200]: ν near 2 has an infinite fourth moment and 200 is normal for all purposes. */
const MIN_DOF = 2.1;
const MAX_DOF = 200;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Fits a GARCH(1,1) with unit-variance Student-t innovations to the daily log returns of `closes` by maximum
 * likelihood: μ is fixed at the sample mean, then Nelder-Mead (with restarts) maximizes the log-likelihood of
 * {@link filterGarchT} over unconstrained coordinates that enforce the constraints by construction:
 * `α + β = P · logistic(θ₁)` (P = 1 - 1e-6), `α = (α + β) · logistic(θ₂)`, `ν = 2.1 + 197.9 · logistic(θ₃)`
 * and `ω = e^θ₀ · s² · (1 - α - β)` with s² the sample variance (θ₀ = 0 under variance targeting), so θ₀
 * measures the unconditional variance against the sample's and the coordinates are well scaled. The search
 * starts from the best of a small grid (α + β in {0.9, 0.97, 0.995}, α/(α + β) in {0.05, 0.15}, ν in {4, 8}).
 * Deterministic.
 *
 * @example
 * const fit = fitGarchT(closes); // { mean, omega, alpha, beta, degreesOfFreedom, logLikelihood, ... }
 * const forecast = forecastGarchT(fit, closes, 7);
 */
export function fitGarchT(closes: readonly number[], options: GarchTFitOptions = {}): GarchTFit {
  checkCloses(closes, GARCH_MIN_CLOSES, 'GARCH-t');
  const varianceTargeting = options.varianceTargeting ?? false;
  const returns = logReturns(closes);
  const n = returns.length;
  const mean = returns.reduce((s, r) => s + r, 0) / n;
  const sampleVariance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / n;
  if (!(sampleVariance > 0)) {
    throw new VolatilityError('VOLATILITY_DEGENERATE', `all ${n} returns are equal: GARCH cannot be fitted`);
  }

  // θ = [θ₁, θ₂, θ₃] under variance targeting, else [θ₁, θ₂, θ₃, θ₀].
  const toParams = (theta: readonly number[]): GarchTParams => {
    const persistence = MAX_PERSISTENCE * logistic(theta[0]);
    const alpha = persistence * logistic(theta[1]);
    return {
      mean,
      omega: sampleVariance * (varianceTargeting ? 1 - persistence : Math.exp(theta[3])),
      alpha,
      beta: persistence - alpha,
      degreesOfFreedom: MIN_DOF + (MAX_DOF - MIN_DOF) * logistic(theta[2]),
    };
  };
  const objective = (theta: readonly number[]): number =>
    -filterGarchT(returns, toParams(theta)).logLikelihood / n;

  let start: number[] = [];
  let startValue = Infinity;
  for (const persistence of [0.9, 0.97, 0.995]) {
    for (const share of [0.05, 0.15]) {
      for (const nu of [4, 8]) {
        const theta = [
          logit(persistence / MAX_PERSISTENCE),
          logit(share),
          logit((nu - MIN_DOF) / (MAX_DOF - MIN_DOF)),
          ...(varianceTargeting ? [] : [Math.log(1 - persistence)]),
        ];
        const value = objective(theta);
        if (value < startValue) [start, startValue] = [theta, value];
      }
    }
  }

  // Per-day log-likelihood to 1e-9 (2e-6 in total over 2000 days); coordinates to 1e-5.
  const result = minimizeNelderMead(objective, start, {
    valueTolerance: 1e-9,
    pointTolerance: 1e-5,
    maxEvaluations: options.maxEvaluations ?? 5000,
  });
  const params = toParams(result.x);
  return {
    ...params,
    logLikelihood: -result.value * n,
    n,
    converged: result.converged,
    evaluations: result.evaluations,
    varianceTargeting,
  };
}
