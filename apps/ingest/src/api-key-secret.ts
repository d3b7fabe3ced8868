import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { IngestConfig } from './config';
import { IngestError } from './errors';

/**
 * The configuration with the CryptoCompare API key read from Secrets Manager when
 * `CRYPTOCOMPARE_API_KEY_SECRET` names a secret (its name or ARN); unchanged otherwise. The secret's string is
 * the key itself, or JSON with an `apiKey` field. Read once per Lambda container (its `init`); the key is
 * only ever sent as the request header, never logged or stored.
 *
 * @example
 * const config = await withApiKeyFromSecret(loadConfig(env), () => new SecretsManagerClient({}));
 */
export async function withApiKeyFromSecret(
  config: IngestConfig,
  client: () => SecretsManagerClient,
): Promise<IngestConfig> {
  const secretId = config.apiKeySecret;
  if (secretId === undefined) return config;
  let text: string | undefined;
  try {
    text = (await client().send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    const name = (error as Error).name;
    throw new IngestError(
      'INGEST_SECRET_UNAVAILABLE',
      name === 'ResourceNotFoundException' || name === 'AccessDeniedException' ? 'input' : 'unavailable',
      `cannot read the CryptoCompare API key from secret '${secretId}': ${name}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const apiKey = keyOf(text);
  if (apiKey === undefined) {
    throw new IngestError(
      'INGEST_SECRET_UNAVAILABLE',
      'input',
      `secret '${secretId}' holds no API key: expected the key as its string, or JSON with an "apiKey" field`,
    );
  }
  return Object.freeze({
    ...config,
    settings: { ...config.settings, cryptocompare: { ...config.settings.cryptocompare, apiKey } },
  });
}

function keyOf(text: string | undefined): string | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed.startsWith('{')) {
    try {
      const value = (JSON.parse(trimmed) as { apiKey?: unknown }).apiKey;
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    } catch {
      return undefined;
    }
  }
  return trimmed === '' ? undefined : trimmed;
}
