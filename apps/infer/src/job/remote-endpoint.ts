import {
  InvokeEndpointCommand,
  ModelError,
  type SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import type { Candle, Forecast } from '@cf/ohlcv';
import { EndpointFailedError } from '../errors';
import { formatInvocationJson } from '../forecast/invocation-payload';
import { parseForecast } from '../forecast/parse-forecast';

/** What the endpoint answered for one symbol: its forecast, or the reason it refused the candles (a 4xx). */
export type RemoteOutcome =
  | { readonly ok: true; readonly forecast: Forecast }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly reason: string };

/** A SageMaker endpoint serving this app's `/invocations` contract (remote mode of the job). */
export interface RemoteEndpoint {
  readonly name: string;
  /**
   * Forecasts one symbol from its recent candles. A refusal of the candles (the container answered 4xx: too
   * few rows, invalid data) is an outcome; anything else (network, throttling, 5xx, an answer that is not a
   * forecast) throws `EndpointFailedError`.
   */
  forecast(symbol: string, candles: readonly Candle[], oodZLimit: number): Promise<RemoteOutcome>;
}

/**
 * The job's remote forecaster over `@aws-sdk/client-sagemaker-runtime`: one `InvokeEndpoint` per symbol with
 * the JSON payload of `formatInvocationJson`. The client's endpoint comes from its configuration
 * (`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME` or an explicit `endpoint`), so tests point it at a local `serve`.
 *
 * @example
 * const endpoint = sagemakerEndpoint(new SageMakerRuntimeClient({}), config.endpointName);
 */
export function sagemakerEndpoint(client: SageMakerRuntimeClient, endpointName: string): RemoteEndpoint {
  return {
    name: endpointName,
    async forecast(symbol, candles, oodZLimit) {
      const body = formatInvocationJson(new Map([[symbol, candles]]), oodZLimit);
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
        if (refusal !== undefined) return { ok: false, ...refusal };
        throw new EndpointFailedError(
          `SageMaker endpoint '${endpointName}' failed for ${symbol}: ${(error as Error).message ?? String(error)}`,
          { cause: error },
        );
      }
      return { ok: true, forecast: forecastFrom(answer, endpointName, symbol, candles) };
    },
  };
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

function forecastFrom(
  body: Uint8Array | undefined,
  endpointName: string,
  symbol: string,
  candles: readonly Candle[],
): Forecast {
  const fail = (why: string) =>
    new EndpointFailedError(`SageMaker endpoint '${endpointName}' answered ${symbol} with ${why}`);
  if (body === undefined) throw fail('an empty body');
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw fail('a body that is not JSON');
  }
  const forecasts = (doc as { forecasts?: unknown }).forecasts;
  if (!Array.isArray(forecasts) || forecasts.length !== 1) throw fail('no {"forecasts": [one forecast]}');
  const forecast = parseForecast(forecasts[0]);
  if (typeof forecast === 'string') throw fail(`a forecast that is not valid: ${forecast}`);
  const lastDay = candles[candles.length - 1]?.date;
  if (forecast.symbol !== symbol || forecast.lastObservedDate !== lastDay) {
    throw fail(
      `the forecast of ${forecast.symbol} from ${forecast.lastObservedDate}, expected ${symbol} from ${lastDay}`,
    );
  }
  return forecast;
}
