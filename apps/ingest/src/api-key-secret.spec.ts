import { withApiKeyFromSecret } from './api-key-secret';
import { loadConfig } from './config';
import { IngestError } from './errors';
import { startSecretsManagerServer, type SecretsManagerServer } from './testing/secrets-manager-server';

describe('withApiKeyFromSecret', () => {
  let server: SecretsManagerServer;
  beforeEach(async () => {
    server = await startSecretsManagerServer({
      'crypto-forecast/cryptocompare': 'plain-key-123',
      'crypto-forecast/json': '{"apiKey": "json-key-456", "note": "rotated 2024-02"}',
      'crypto-forecast/empty': '{"other": 1}',
    });
  });
  afterEach(() => server.close());

  it('reads the key through the real SDK client, as plain text or as JSON with apiKey', async () => {
    const plain = await withApiKeyFromSecret(
      loadConfig({ CRYPTOCOMPARE_API_KEY_SECRET: 'crypto-forecast/cryptocompare' }),
      () => server.client(),
    );
    const json = await withApiKeyFromSecret(
      loadConfig({
        CRYPTOCOMPARE_API_KEY_SECRET:
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crypto-forecast/json-AbCdEf',
      }),
      () => server.client(),
    );

    expect(plain.settings.cryptocompare.apiKey).toBe('plain-key-123');
    expect(json.settings.cryptocompare.apiKey).toBe('json-key-456');
    expect(server.requests.map((r) => r.operation)).toEqual(['GetSecretValue', 'GetSecretValue']);
    expect(server.requests[0].body).toEqual({ SecretId: 'crypto-forecast/cryptocompare' });
  });

  it('asks nothing when no secret is configured', async () => {
    const config = loadConfig({ CRYPTOCOMPARE_API_KEY: 'direct' });

    expect(await withApiKeyFromSecret(config, () => server.client())).toBe(config);
    expect(server.requests).toEqual([]);
  });

  it('names the secret when it is missing or holds no key', async () => {
    const missing = withApiKeyFromSecret(loadConfig({ CRYPTOCOMPARE_API_KEY_SECRET: 'nope' }), () =>
      server.client(),
    );
    const empty = withApiKeyFromSecret(
      loadConfig({ CRYPTOCOMPARE_API_KEY_SECRET: 'crypto-forecast/empty' }),
      () => server.client(),
    );

    await expect(missing).rejects.toBeInstanceOf(IngestError);
    await expect(missing).rejects.toMatchObject({
      code: 'INGEST_SECRET_UNAVAILABLE',
      kind: 'input',
      message: expect.stringContaining(
        "cannot read the CryptoCompare API key from secret 'nope': ResourceNotFoundException",
      ),
    });
    await expect(empty).rejects.toMatchObject({
      code: 'INGEST_SECRET_UNAVAILABLE',
      message: expect.stringContaining("secret 'crypto-forecast/empty' holds no API key"),
    });
  });

  it('refuses a key and a secret at once', () => {
    expect(() => loadConfig({ CRYPTOCOMPARE_API_KEY: 'k', CRYPTOCOMPARE_API_KEY_SECRET: 's' })).toThrow(
      'CRYPTOCOMPARE_API_KEY and CRYPTOCOMPARE_API_KEY_SECRET are both set',
    );
  });
});
