// Cost of one walk-forward refit of the default neural model (TRAIN_REQUEST_DEFAULTS: LSTM 64 -> LSTM 32 ->
// Dense 64 -> Dense 7 on 'scale-free' features, window 60, horizon 7) on the bundled five-asset data: the fit on
// every candle up to the cut-off (its own time split, scalers on its training part, early stopping on the most
// recent part), then the forecasts of the 91 days after it. `BENCH_EPOCHS` (default 15, the budget of the
// README's comparison) epochs with early stopping off, so every epoch runs; `BENCH_CUTOFF` (default 2023-02-11,
// the first cut-off of that comparison). Prints the tfjs backend and the trainer path.
import {
  createForecastingModel,
  DEFAULT_NEURAL_MODEL_NAME,
  eligibleOrigins,
  freezeData,
  historyAt,
  initTfBackend,
  originInputs,
  TRAIN_REQUEST_DEFAULTS,
  type TrainEpochReport,
} from '@cf/model';
import { addDays } from '@cf/ohlcv';
import { loadSampleCandles, SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';

const EPOCHS = Number(process.env['BENCH_EPOCHS'] ?? 15);
const CUTOFF = process.env['BENCH_CUTOFF'] ?? '2023-02-11';
const REFIT_EVERY = 91;

async function main(): Promise<void> {
  const { tf, name: backend, note } = await initTfBackend();
  console.log(`backend: ${backend} (${note})`);
  const data = freezeData(Object.fromEntries(SAMPLE_SYMBOLS.map((s) => [s, loadSampleCandles(s)])));
  const model = createForecastingModel(tf, DEFAULT_NEURAL_MODEL_NAME, { epochs: EPOCHS, patience: EPOCHS });
  const history = historyAt(data, CUTOFF, 'expanding');
  const { origins } = eligibleOrigins(
    data,
    CUTOFF,
    addDays(CUTOFF, REFIT_EVERY),
    model.horizon,
    model.inputDays,
  );
  console.log(
    `model ${model.name} (window ${TRAIN_REQUEST_DEFAULTS.window}, horizon ${model.horizon}, batch ${TRAIN_REQUEST_DEFAULTS.batchSize}), ` +
      `${EPOCHS} epochs without early stopping; data ${SAMPLE_SYMBOLS.join(', ')} up to cut-off ${CUTOFF}`,
  );
  const epochs: TrainEpochReport[] = [];
  try {
    const started = performance.now();
    const fit = await model.fit(history, { cutoff: CUTOFF, onEpoch: (e) => epochs.push(e) });
    const fitSeconds = (performance.now() - started) / 1000;
    const predictStarted = performance.now();
    await model.predict(originInputs(data, origins));
    const predictSeconds = (performance.now() - predictStarted) / 1000;
    const perEpoch = epochs.reduce((s, e) => s + e.seconds, 0) / epochs.length;
    const neural = fit.neural;
    console.log(
      `one refit: ${(fitSeconds + predictSeconds).toFixed(1)} s = fit ${fitSeconds.toFixed(1)} s ` +
        `(${epochs.length} epochs, ${perEpoch.toFixed(2)} s/epoch, ${neural?.train.windows} training and ` +
        `${neural?.validation.windows} validation windows, path ${neural?.path}) + forecasts of ${origins.length} ` +
        `origins (${REFIT_EVERY} days) ${predictSeconds.toFixed(1)} s, on backend ${backend}`,
    );
  } finally {
    model.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
