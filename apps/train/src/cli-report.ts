import type { BacktestProgress, EpochProgress, PointScores, TrainingParameters } from '@cf/forecasting';
import type { ModelMetadata } from '@cf/model';
import type { TrainJobResult } from './train-job';

/** One progress line per epoch: `epoch  3/30  loss 0.98321  val_loss 1.01234  12.3 s/epoch  1234 samples/s`. */
export function formatEpochLine(e: EpochProgress): string {
  const width = String(e.epochs).length;
  return [
    `epoch ${String(e.epoch).padStart(width)}/${e.epochs}`,
    `loss ${e.loss.toFixed(5)}`,
    e.validationLoss === null ? 'no validation (refit)' : `val_loss ${e.validationLoss.toFixed(5)}`,
    `${e.seconds.toFixed(e.seconds < 10 ? 2 : 1)} s/epoch`,
    `${Math.round(e.samplesPerSecond)} samples/s`,
  ].join('  ');
}

/** A line per model refitted by the held-out evaluation, so long evaluations show progress; else undefined. */
export function formatEvaluationLine(event: BacktestProgress): string | undefined {
  if (event.type !== 'refit') return undefined;
  return (
    `evaluation ${event.refit}/${event.refits}: ${event.model} fitted through ${event.cutoff}, ` +
    `${event.forecasts} forecasts (${(event.fitSeconds + event.predictSeconds).toFixed(1)} s)`
  );
}

/** The line printed before training starts. */
export function formatRunHeader(params: TrainingParameters, source: string, cutoff: string): string {
  const symbols = params.symbols.length === 0 ? 'all symbols' : params.symbols.join(',');
  return (
    `training ${params.model} on ${symbols} from ${source} through ${cutoff}: horizon ${params.horizon}, ` +
    `held-out walk-forward over the last ${params.evaluationDays} days (refit every ${params.evaluationRefitEvery}), ` +
    `seed ${params.seed}`
  );
}

/**
 * The end of a run: the version written (never promoted), how its published fit was made, and the held-out
 * walk-forward evaluation: per symbol and pooled, the candidate next to persistence, drift and the live model on
 * the same origins (ratio to persistence, directional accuracy, Diebold-Mariano p-value).
 */
export function formatTrainReport(result: TrainJobResult): string {
  const { metadata } = result;
  const evaluation = metadata.evaluation;
  const symbols = Object.keys(evaluation.models[0].scores.bySymbol);
  const rows = evaluation.models.map((m) => [
    m.role === 'live' ? `live ${m.version ?? ''}`.trim() : m.role,
    m.model,
    ratio(m.scores.overall),
    ...symbols.map((s) => ratio(m.scores.bySymbol[s].overall)),
    m.scores.overall.directionalAccuracy.toFixed(3),
    pValue(m.scores.overall),
  ]);
  const lines = [
    `model version ${result.version} (${metadata.model}) written to ${result.location} (not promoted)`,
    publishedFit(metadata),
    `held-out walk-forward: origins ${evaluation.from}..${evaluation.to} (${evaluation.forecasts} forecasts per model), ` +
      `refits at ${evaluation.cutoffs.join(', ')}, none trained on the origins it forecast:`,
    table(['role', 'model', 'ratio', ...symbols, 'DA', 'DM p-value'], rows),
    'ratio = mean |forecast - actual| / origin close of the model over that of persistence on the same forecasts',
    '(below 1 beats persistence); DA = share of correct directions (compare with 0.5); DM = Diebold-Mariano test',
    'against persistence. Promotion judges these numbers: `npm run monitor -- promote --version <version>`.',
  ];
  return `${lines.join('\n')}\n`;
}

function publishedFit(metadata: ModelMetadata): string {
  const chosen = Object.entries(metadata.fit.chosen)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `published fit: refitted on all data through ${metadata.data.trainedThrough}` +
    (chosen === '' ? '' : ` with ${chosen} (chosen by ${metadata.fit.chosenBy})`) +
    `, backend ${metadata.backend}, ${metadata.fit.seconds.toFixed(1)} s`
  );
}

function ratio(scores: PointScores): string {
  return scores.ratio === null ? 'n/a' : scores.ratio.toFixed(4);
}

function pValue(scores: PointScores): string {
  const dm = scores.dieboldMariano;
  if (dm === null) return 'n/a';
  return dm.pValue < 0.001 ? '<0.001' : dm.pValue.toFixed(3);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
