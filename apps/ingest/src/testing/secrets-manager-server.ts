// Test support: a local HTTP server on 127.0.0.1 speaking Secrets Manager's JSON 1.1 protocol, so the real
// `@aws-sdk/client-secrets-manager` client can be pointed at it (no mock of the SDK).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** One request: its operation (`GetSecretValue`) and JSON body. */
export interface SecretsRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** A running server holding `secrets` (name -> SecretString); other names answer ResourceNotFoundException. */
export interface SecretsManagerServer {
  readonly requests: SecretsRequest[];
  client(): SecretsManagerClient;
  close(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startSecretsManagerServer(
  secrets: Readonly<Record<string, string>>,
): Promise<SecretsManagerServer> {
  const requests: SecretsRequest[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const body = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
      requests.push({ operation, body });
      const id = String(body['SecretId']);
      const name = id.startsWith('arn:') ? id.split(':secret:')[1].replace(/-[A-Za-z0-9]{6}$/, '') : id;
      const found = operation === 'GetSecretValue' ? secrets[name] : undefined;
      res.writeHead(found === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          found === undefined
            ? {
                __type: 'ResourceNotFoundException',
                message: "Secrets Manager can't find the specified secret.",
              }
            : {
                ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`,
                Name: name,
                SecretString: found,
                VersionId: '00000000-0000-0000-0000-000000000001',
                VersionStages: ['AWSCURRENT'],
                CreatedDate: 1_706_745_600,
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    requests,
    client: () =>
      new SecretsManagerClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
        maxAttempts: 1,
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
