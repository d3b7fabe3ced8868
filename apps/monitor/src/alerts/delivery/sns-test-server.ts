// Test support: a local HTTP server on 127.0.0.1 speaking SNS's query protocol (form-encoded requests, XML
// answers), so the real `@aws-sdk/client-sns` client can be pointed at it (no mock of the SDK).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';

/** One request the server received: its `Action` (`Publish`), every form field, and the headers. */
export interface SnsRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
}

/** The reply to one request: an HTTP status and an XML body. */
export interface SnsReply {
  readonly status: number;
  readonly body: string;
}

/** A running server; `client()` is a real SDK client pointed at it with static test credentials. */
export interface SnsTestServer {
  readonly endpoint: string;
  readonly requests: SnsRequest[];
  client(options?: { maxAttempts?: number }): SNSClient;
  close(): Promise<void>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** SNS's answer to a successful Publish. */
export function publishReply(messageId: string): SnsReply {
  return {
    status: 200,
    body: `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>req-${messageId}</RequestId></ResponseMetadata></PublishResponse>`,
  };
}

/** SNS's error answer (`NotFound` 404, `AuthorizationError` 403, `InternalError` 500, `Throttling` 400...). */
export function snsErrorReply(status: number, code: string, message: string): SnsReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-error</RequestId></ErrorResponse>`,
  };
}

/** Starts the server on a free port; `answer` replies to each request. */
export async function startSnsServer(answer: (request: SnsRequest) => SnsReply): Promise<SnsTestServer> {
  const requests: SnsRequest[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(text));
      const request: SnsRequest = { action: params['Action'] ?? '', params, headers: req.headers };
      requests.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': `req-${requests.length}`,
      });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    client: (options = {}) =>
      new SNSClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
        maxAttempts: options.maxAttempts ?? 1,
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
