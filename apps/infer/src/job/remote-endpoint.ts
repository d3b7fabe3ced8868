import {
  InvokeEndpointCommand,
  ModelError,
  type SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { parseForecast, type Candle, type Forecast } from '@cf/ohlcv';
import { EndpointFailedError } from '../errors';
import { formatInvocationJson, type CalibratedLevels } from '../forecast/invocation-payload';

/** What the endpoint answered for one symbol: its forecast, or the reason it refused the candles (a 4xx). */
export type RemoteOutcome =
  | { readonly ok: true; readonly forecast: Forecast }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly reason: string };

/** A SageMaker endpoint serving this app's `/invocations` contract (remote mode of the job). */
export interface RemoteEndpoint {
  readonly name: string;
  /**
   * Forecasts a batch of symbols from their recent candles in one request. When the container refuses the
   * batch (4xx: an asset with too few rows or invalid data), each symbol is sent alone, so only the assets at
   * fault are refused; a refusal is an outcome. Anything else (network, throttling, 5xx, an answer that is not
   * a forecast) throws `EndpointFailedError`.
   */
  forecast(
    series: ReadonlyMap<string, readonly Candle[]>,
    oodZLimit: number,
    levels?: CalibratedLevels,
  ): Promise<Map<string, RemoteOutcome>>;
}

/**
 * The job's remote forecaster over `@aws-sdk/client-sagemaker-runtime`: one `InvokeEndpoint` per batch with
 * the JSON payload of `formatInvocationJson` (one per symbol when the batch is refused). The client's endpoint comes from its configuration
 * (`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME` or an explicit `endpoint`), so tests point it at a local `serve`.
 *
 * @example
 * const endpoint = sagemakerEndpoint(new SageMakerRuntimeClient({}), config.endpointName);
 */
export function sagemakerEndpoint(client: SageMakerRuntimeClient, endpointName: string): RemoteEndpoint {
  const invoke = async (
    series: ReadonlyMap<string, readonly Candle[]>,
    oodZLimit: number,
    levels?: CalibratedLevels,
  ): Promise<{ ok: true; forecasts: Forecast[] } | { ok: false; refusal: Refusal }> => {
    const names = [...series.keys()].join(', ');
    const body = formatInvocationJson(series, oodZLimit, levels);
    let answer: Uint8Array | undefined;
    try {
      const response = await client.send(
        new InvokeEndpointCommand({
          EndpointName: endpointName,
          ContentType: 'application/json',
          Accept: 'application/json',
          Body: body,
        }),
      );
      answer = response.Body;
    } catch (error) {
      const refusal = containerRefusal(error);
      if (refusal !== undefined) return { ok: false, refusal };
      throw new EndpointFailedError(
        `SageMaker endpoint '${endpointName}' failed for ${names}: ${(error as Error).message ?? String(error)}`,
        { cause: error },
      );
    }
    return { ok: true, forecasts: forecastsFrom(answer, endpointName, series) };
  };
  return {
    name: endpointName,
    async forecast(series, oodZLimit, levels) {
      const outcomes = new Map<string, RemoteOutcome>();
      if (series.size === 0) return outcomes;
      const batch = await invoke(series, oodZLimit, levels);
      if (batch.ok) {
        for (const forecast of batch.forecasts) outcomes.set(forecast.symbol, { ok: true, forecast });
        return outcomes;
      }
      if (series.size === 1) {
        outcomes.set([...series.keys()][0], { ok: false, ...batch.refusal });
        return outcomes;
      }
      for (const [symbol, candles] of series) {
        const alone = await invoke(new Map([[symbol, candles]]), oodZLimit, levels);
        outcomes.set(
          symbol,
          alone.ok ? { ok: true, forecast: alone.forecasts[0] } : { ok: false, ...alone.refusal },
        );
      }
      return outcomes;
    },
  };
}

/** A 4xx the container answered for the candles it was sent. */
interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly reason: string;
}

/**
 * A 4xx answered by the container itself. Through SageMaker it arrives as `ModelError` with the container's
 * status and body in `OriginalStatusCode`/`OriginalMessage`; straight from a `serve` process (tests, a local
 * endpoint URL) it is the raw 4xx, whose body fields (`error`, `message`) the SDK copies onto the exception.
 * SageMaker's own 4xx (`ValidationError`: unknown endpoint, bad request) are failures, not refusals.
 */
function containerRefusal(error: unknown): { status: number; code: string; reason: string } | undefined {
  if (error instanceof ModelError) {
    const status = error.OriginalStatusCode ?? 0;
    if (status < 400 || status >= 500) return undefined;
    const body = parseErrorBody(error.OriginalMessage);
    return {
      status,
      code: body?.error ?? 'INFER_ENDPOINT_REJECTED',
      reason: body?.message ?? error.OriginalMessage ?? error.message,
    };
  }
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    $metadata?: { httpStatusCode?: number };
    error?: unknown;
    message?: unknown;
  };
  const status = fields.$metadata?.httpStatusCode ?? 0;
  const ours = typeof fields.error === 'string' && /^(INFER|MODEL|OHLCV|FEATURES)_/.test(fields.error);
  if (!ours || status < 400 || status >= 500) return undefined;
  return { status, code: fields.error as string, reason: String(fields.message) };
}

function parseErrorBody(text: string | undefined): { error?: string; message?: string } | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as { error?: unknown; message?: unknown };
    return {
      ...(typeof doc.error === 'string' ? { error: doc.error } : {}),
      ...(typeof doc.message === 'string' ? { message: doc.message } : {}),
    };
  } catch {
    return undefined;
  }
}

function forecastsFrom(
  body: Uint8Array | undefined,
  endpointName: string,
  series: ReadonlyMap<string, readonly Candle[]>,
): Forecast[] {
  const names = [...series.keys()].join(', ');
  const fail = (why: string) =>
    new EndpointFailedError(`SageMaker endpoint '${endpointName}' answered ${names} with ${why}`);
  if (body === undefined) throw fail('an empty body');
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw fail('a body that is not JSON');
  }
  const forecasts = (doc as { forecasts?: unknown }).forecasts;
  if (!Array.isArray(forecasts) || forecasts.length !== series.size) {
    throw fail(`no {"forecasts": [one per symbol]} of ${series.size} forecasts`);
  }
  return forecasts.map((raw, i) => {
    const forecast = parseForecast(raw);
    if (typeof forecast === 'string') throw fail(`a forecast that is not valid: ${forecast}`);
    const symbol = [...series.keys()][i];
    const candles = series.get(symbol) as readonly Candle[];
    const lastDay = candles[candles.length - 1]?.date;
    if (forecast.symbol !== symbol || forecast.lastObservedDate !== lastDay) {
      throw fail(
        `the forecast of ${forecast.symbol} from ${forecast.lastObservedDate}, expected ${symbol} from ${lastDay}`,
      );
    }
    return forecast;
  });
}
