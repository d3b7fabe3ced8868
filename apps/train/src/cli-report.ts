import type { ResolvedTrainRequest, TestReport, TrainEpochReport } from '@cf/model';
import type { TrainJobResult } from './train-job';

/**
 * One progress line per epoch: `epoch  3/30  loss 0.98321  val_loss 1.01234  12.3 s/epoch  1234 samples/s
 * backend wasm  path fast`.
 */
export function formatEpochLine(e: TrainEpochReport): string {
  const width = String(e.epochs).length;
  return [
    `epoch ${String(e.epoch).padStart(width)}/${e.epochs}`,
    `loss ${e.loss.toFixed(5)}`,
    `val_loss ${e.validationLoss.toFixed(5)}`,
    `${e.seconds.toFixed(e.seconds < 10 ? 2 : 1)} s/epoch`,
    `${Math.round(e.samplesPerSecond)} samples/s`,
    `backend ${e.backend}`,
    `path ${e.fitPath}`,
  ].join('  ');
}

/** The line printed before training starts. */
export function formatRunHeader(request: ResolvedTrainRequest, source: string, backend: string): string {
  const symbols = request.symbols.length === 0 ? 'all symbols' : request.symbols.join(',');
  return (
    `training ${request.architecture} on '${request.featureSet}' features of ${symbols} from ${source}: window ${request.window}, ` +
    `horizon ${request.horizon}, up to ${request.epochs} epochs, batch ${request.batchSize}, seed ${request.seed}, backend ${backend}`
  );
}

/**
 * The end of a run: the version written (never promoted) and, per symbol and pooled, the test-split MAE of
 * the model next to persistence, its ratio, directional accuracy of both, and the Diebold-Mariano p-value.
 */
export function formatTrainReport(result: TrainJobResult): string {
  const { metadata, fitResult } = result;
  const rows = Object.entries(metadata.test.bySymbol).map(([symbol, report]) =>
    row(symbol, report, metadata.horizon),
  );
  rows.push(row('pooled', metadata.test, metadata.horizon));
  const lines = [
    `model version ${result.version} written to ${result.location} (not promoted)`,
    `best epoch ${fitResult.bestEpoch} of ${fitResult.epochsRun} (validation loss ${fitResult.bestValidationLoss.toFixed(5)}), ` +
      `trained through ${metadata.data.trainedThrough}, path ${fitResult.path}, backend ${metadata.backend}`,
    `test split ${metadata.split.test.from}..${metadata.split.test.to} (${metadata.split.test.windows} windows), ` +
      `MAE over ${metadata.horizon} horizon days:`,
    table(
      [
        'symbol',
        'windows',
        'MAE model',
        'MAE persistence',
        'ratio',
        'DA model',
        'DA persistence',
        'DM p-value',
      ],
      rows,
    ),
    'ratio = model MAE / persistence MAE (below 1 beats persistence); DA = share of correct directions vs the last close',
    '(persistence never predicts a move, so compare DA with 0.5); pooled MAE is in price units, dominated by the priciest asset.',
  ];
  return `${lines.join('\n')}\n`;
}

function row(label: string, report: TestReport, horizon: number): string[] {
  const { model, persistence } = report;
  return [
    label,
    String(model.points / horizon),
    money(model.mae),
    money(persistence.mae),
    model.maeRatioToPersistence.toFixed(3),
    model.directionalAccuracy.toFixed(3),
    persistence.directionalAccuracy.toFixed(3),
    model.dieboldMariano === undefined ? 'n/a' : model.dieboldMariano.pValue.toFixed(3),
  ];
}

function money(value: number): string {
  return value >= 100 ? value.toFixed(2) : value.toPrecision(5);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
