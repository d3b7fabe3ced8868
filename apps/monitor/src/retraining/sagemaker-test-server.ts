// Test support: a local HTTP server on 127.0.0.1 speaking SageMaker's JSON 1.1 protocol, so the real
// `@aws-sdk/client-sagemaker` client can be pointed at it (no mock of the SDK).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SageMakerTrainingSettings } from './sagemaker-trainer';

/** One request the server received: its operation (`CreateTrainingJob`, ...), headers and JSON body. */
export interface SageMakerRequest {
  readonly operation: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** The reply to one request: an HTTP status and a JSON body (`{ __type, message }` for errors). */
export interface SageMakerReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * What SageMaker answers to `Describe*` of a resource it does not have (a training job that was never
 * created, or was deleted): HTTP 400 with `ValidationException`, not the `ResourceNotFound` its API model
 * declares (aws/aws-sdk#165). The error type travels in the `x-amzn-ErrorType` header and `__type`.
 */
export function unknownResourceReply(): SageMakerReply {
  return { status: 400, body: { __type: 'ValidationException', message: 'Requested resource not found.' } };
}

/** Training settings for tests against this server (a role, an image in ECR, the store `s3://forecasts/prod`). */
export const TEST_TRAINING_SETTINGS: SageMakerTrainingSettings = {
  roleArn: 'arn:aws:iam::123456789012:role/cf-sagemaker',
  trainingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/crypto-forecast/train:1.0.0',
  instanceType: 'ml.m5.xlarge',
  instanceCount: 1,
  volumeSizeGb: 30,
  maxRuntimeSeconds: 3600,
  jobNamePrefix: 'cf-train',
  bucket: 'forecasts',
  storePrefix: 'prod',
  storeUrl: 's3://forecasts/prod',
  s3ForcePathStyle: false,
};

/** A running server; `client()` is a real SDK client pointed at it with static test credentials. */
export interface SageMakerTestServer {
  readonly endpoint: string;
  readonly requests: SageMakerRequest[];
  client(): SageMakerClient;
  close(): Promise<void>;
}

/**
 * Starts the server on a free port; `answer` replies to each request (by operation), or answers `undefined`
 * when the resource asked about does not exist, which the server answers as SageMaker does
 * ({@link unknownResourceReply}). Error replies (`__type` in the body) carry `x-amzn-ErrorType` like AWS's.
 */
export async function startSageMakerServer(
  answer: (request: SageMakerRequest) => SageMakerReply | undefined,
): Promise<SageMakerTestServer> {
  const requests: SageMakerRequest[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const request: SageMakerRequest = {
        operation: target.replace(/^SageMaker\./, ''),
        headers: req.headers,
        body: JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>,
      };
      requests.push(request);
      const reply = answer(request) ?? unknownResourceReply();
      const errorType = (reply.body as { __type?: unknown } | null)?.__type;
      res.writeHead(reply.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${requests.length}`,
        ...(typeof errorType === 'string' ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    client: () =>
      new SageMakerClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
        maxAttempts: 1,
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
