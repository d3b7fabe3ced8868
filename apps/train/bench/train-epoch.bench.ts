// Cost of training the default model (LSTM 64 -> LSTM 32 -> Dense 64 -> Dense 7, window 60, horizon 7,
// scale-free features) on the bundled five-asset data: seconds per epoch and training samples per second, on
// each trainer (fast whole-sequence kernels where they apply, stock tfjs-layers), with the tfjs backend named.
// `BENCH_EPOCHS` (default 2) epochs per trainer; early stopping is off so every epoch runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatCandlesCsv } from '@cf/ohlcv';
import { loadSampleCandles, SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';
import {
  initTfBackend,
  ModelError,
  trainForecaster,
  type FitPathChoice,
  type TrainEpochReport,
} from '@cf/model';
import { LocalObjectStore } from '@cf/storage';

const EPOCHS = Number(process.env['BENCH_EPOCHS'] ?? 2);

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cf-train-bench-'));
  try {
    const store = new LocalObjectStore(dir);
    for (const symbol of SAMPLE_SYMBOLS) {
      await store.put(
        `processed/daily/symbol=${symbol}/ohlcv.csv`,
        formatCandlesCsv(loadSampleCandles(symbol)),
      );
    }
    const { tf, name: backend, note } = await initTfBackend();
    console.log(`backend: ${backend} (${note})`);
    console.log(
      `data: ${SAMPLE_SYMBOLS.join(', ')} (bundled daily candles); model: lstm [64, 32], window 60, horizon 7, scale-free, batch 64`,
    );
    let second = 0;
    for (const fitPath of ['fast', 'stock'] as const satisfies readonly FitPathChoice[]) {
      const epochs: TrainEpochReport[] = [];
      const started = performance.now();
      try {
        const result = await trainForecaster(
          {
            tf,
            backend,
            logger: { info: () => undefined },
            clock: () => new Date(Date.UTC(2024, 1, 12, 0, 0, second++)),
            onEpoch: (e) => epochs.push(e),
          },
          { epochs: EPOCHS, patience: EPOCHS, fitPath },
          { data: { store, prefix: 'processed/daily/' }, output: { store } },
        );
        const total = (performance.now() - started) / 1000;
        const trainWindows = result.metadata.split.train.windows;
        const perEpoch = epochs.reduce((s, e) => s + e.seconds, 0) / epochs.length;
        const samples = epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / epochs.length;
        console.log(
          `path ${result.fitResult.path}: ${perEpoch.toFixed(2)} s/epoch, ${Math.round(samples)} training samples/s ` +
            `(${trainWindows} training windows, ${epochs.length} epochs: ${epochs.map((e) => e.seconds.toFixed(2)).join(', ')} s; ` +
            `whole job incl. features, evaluation and writing ${total.toFixed(1)} s) on backend ${backend}`,
        );
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        console.log(`path ${fitPath}: not available (${error.message})`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
