import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Candle } from '@cf/ohlcv';
import {
  buildWindows,
  computeFeatures,
  parseScalers,
  scaleWindowSet,
  type FeatureSetName,
} from '@cf/features';
import { initTfBackend } from '@cf/fast-rnn';
import { deserializeNetwork } from '@cf/networks';

/** A forecast computed the training way, for checking the service's numbers. */
export interface ReferenceForecast {
  readonly lastObservedDate: string;
  readonly lastClose: number;
  readonly returns: number[];
  readonly closes: number[];
}

/**
 * The forecast of the last day of a network version computed independently of the service's path: features of
 * the last `history` candles, the training pipeline's windows (`buildWindows` + `scaleWindowSet`) instead of
 * the forecaster's origin inputs, the raw tfjs model read from the folder's files, the target scaler undone by
 * hand and the returns compounded by hand from the last close.
 */
export async function referenceForecast(
  modelDir: string,
  candles: readonly Candle[],
  history: number,
): Promise<ReferenceForecast> {
  const { tf } = await initTfBackend({ prefer: 'wasm' });
  const read = async (name: string) => new Uint8Array(await readFile(path.join(modelDir, name)));
  const scalers = parseScalers(new TextDecoder().decode(await read('scaler.json')));
  const recent = candles.slice(-history);
  const frame = computeFeatures(recent, scalers.featureSet as FeatureSetName);
  const set = scaleWindowSet(
    buildWindows(frame, { window: scalers.window, horizon: scalers.horizon, includeTargets: false }),
    scalers,
  );
  const last = set.count - 1;
  const size = scalers.window * scalers.features.names.length;
  const model = await deserializeNetwork(
    tf,
    new Map([
      ['model.json', await read('model.json')],
      ['weights.bin', await read('weights.bin')],
    ]),
  );
  try {
    const output = tf.tidy(() => {
      const input = tf.tensor3d(set.x.slice(last * size, (last + 1) * size), [
        1,
        scalers.window,
        scalers.features.names.length,
      ]);
      return Array.from((model.predict(input) as ReturnType<typeof tf.tensor>).dataSync());
    });
    const returns = output.map((v, k) => v * scalers.target.std[k] + scalers.target.mean[k]);
    const closes: number[] = [];
    let price = set.originCloses[last];
    for (const r of returns) closes.push((price = price * (1 + r)));
    return { lastObservedDate: set.originDates[last], lastClose: set.originCloses[last], returns, closes };
  } finally {
    model.dispose();
  }
}
