import { createHash } from 'node:crypto';
import {
  DEFAULT_MAX_RAW_OBJECT_BYTES,
  isValidSymbol,
  parseBinanceRows,
  parseCryptoCompareRows,
  rawObjectSizeProblem,
  showValue as show,
  type RawEnvelope,
  type RawSource,
} from '@cf/ohlcv';
import { parseCsvBody } from './csv';
import { decodeRawBody } from './raw-body';
import { parseRawKey, symbolOfRawKey } from './raw-key';
import {
  parsedFromProviderRows,
  wholeObjectProblem,
  type ParsedRaw,
  type QuarantineReason,
} from './raw-problem';
import { quarantineOutsideRequest } from './requested-range';

const EXCERPT_CHARS = 240;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
// Each parser gets the decoded body: parsed JSON, or the CSV text.
const PARSERS: Readonly<
  Record<RawSource, (body: unknown, symbol: string, rawKey: string, excerpt: string) => ParsedRaw>
> = {
  cryptocompare: (body, symbol, rawKey, excerpt) =>
    parsedFromProviderRows(parseCryptoCompareRows(body, symbol), rawKey, excerpt),
  binance: (body, symbol, rawKey, excerpt) =>
    parsedFromProviderRows(parseBinanceRows(body, symbol), rawKey, excerpt),
  csv: parseCsvBody,
};

/** What the envelope says about the response it wraps (present once the envelope itself is well formed). */
export interface EnvelopeFacts {
  readonly source: string;
  readonly symbol: string;
  readonly fetchedAt: string;
  readonly bodySha256: string;
}

/** One raw object read and parsed: its version, who its rows belong to, candidate candles and problems. */
export interface RawObjectReading {
  readonly rawKey: string;
  /** The envelope's `bodySha256`, or for an object without a usable envelope the sha256 of its bytes. */
  readonly version: string;
  /** Symbol its quarantine entries are filed under: the key's `symbol=`, else the envelope's, when valid. */
  readonly symbol: string | undefined;
  /** Set when the envelope is well formed; its candles (if any) belong to `envelope.symbol`. */
  readonly envelope: EnvelopeFacts | undefined;
  readonly parsed: ParsedRaw;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The reading of an object that is never read, known only by its listed size: one over the size limit
 * (`too-large`), or one whose key cannot even be addressed (`unreadable-key`: a backslash or a control
 * character, not a valid store key, e.g. a stray file uploaded by another tool). `detail` says why.
 */
export function unreadReading(
  rawKey: string,
  size: number,
  reason: 'too-large' | 'unreadable-key',
  detail: string,
): RawObjectReading {
  return {
    rawKey,
    version: `size:${size}`,
    symbol: symbolOfRawKey(rawKey),
    envelope: undefined,
    parsed: wholeObjectProblem(rawKey, '', reason, detail),
  };
}

/** The reading of an object over the size limit (decided from its listed size). */
export function tooLargeReading(rawKey: string, size: number, maxBytes: number): RawObjectReading {
  const problem = rawObjectSizeProblem(size, maxBytes) ?? `raw object is ${size} bytes`;
  return unreadReading(rawKey, size, 'too-large', `${problem}; it was not read`);
}

/** Why a decoded JSON value is not a well-formed RawEnvelope, or `undefined` when it is one. */
function envelopeProblem(value: unknown): string | undefined {
  if (!isRecord(value))
    return `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`;
  const problems: string[] = [];
  const version = value['schemaVersion'];
  if (version !== 1 && version !== 2) problems.push(`schemaVersion ${show(version)} is not 1 or 2`);
  for (const field of ['source', 'symbol', 'contentType'] as const) {
    if (typeof value[field] !== 'string') problems.push(`${field} ${show(value[field])} is not a string`);
  }
  if (!isRecord(value['request'])) problems.push(`request ${show(value['request'])} is not an object`);
  const coverage = value['coverage'];
  if (!isRecord(coverage) || typeof coverage['from'] !== 'string' || typeof coverage['to'] !== 'string') {
    problems.push(`coverage ${show(coverage)} is not { from, to }`);
  }
  const fetchedAt = value['fetchedAt'];
  if (
    typeof fetchedAt !== 'string' ||
    !ISO_INSTANT.test(fetchedAt) ||
    !Number.isFinite(Date.parse(fetchedAt))
  ) {
    problems.push(`fetchedAt ${show(fetchedAt)} is not an ISO timestamp`);
  }
  if (typeof value['bodySha256'] !== 'string' || !SHA256_HEX.test(value['bodySha256'])) {
    problems.push(`bodySha256 ${show(value['bodySha256'])} is not a lower-case hex sha256`);
  }
  if (!('body' in value)) problems.push('body is missing');
  else if (version === 2 && typeof value['body'] !== 'string') {
    problems.push(`body ${show(value['body'])} is not the response text (a string)`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}

/**
 * Reads one raw object: decodes the envelope, checks it against its key and its body against `bodySha256`,
 * hands the body to its source's parser, and sets aside candles of days the request did not ask for. Never
 * throws for bad content: an object that cannot be used at all comes back with one whole-object problem
 * (`too-large`, `invalid-json`, `bad-envelope`, `unknown-source`, `bad-symbol`, `key-mismatch`,
 * `sha256-mismatch`, or a parser's `provider-error`, `bad-body-shape`, `csv-format`).
 */
export function readRawObject(
  rawKey: string,
  bytes: Buffer,
  maxBytes = DEFAULT_MAX_RAW_OBJECT_BYTES,
): RawObjectReading {
  if (bytes.length > maxBytes) return tooLargeReading(rawKey, bytes.length, maxBytes);
  const text = bytes.toString('utf8');
  const excerpt = text.slice(0, EXCERPT_CHARS);
  const bytesSha256 = createHash('sha256').update(bytes).digest('hex');
  const unusable = (reason: QuarantineReason, detail: string): RawObjectReading => ({
    rawKey,
    version: bytesSha256,
    symbol: symbolOfRawKey(rawKey),
    envelope: undefined,
    parsed: wholeObjectProblem(rawKey, excerpt, reason, detail),
  });

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return unusable(
      'invalid-json',
      `raw object (${bytes.length} bytes) is not JSON: ${(error as Error).message}`,
    );
  }
  const shape = envelopeProblem(value);
  if (shape !== undefined) return unusable('bad-envelope', `not a raw envelope: ${shape}`);
  const envelope = value as unknown as RawEnvelope;
  const facts: EnvelopeFacts = {
    source: envelope.source,
    symbol: envelope.symbol,
    fetchedAt: envelope.fetchedAt,
    bodySha256: envelope.bodySha256,
  };
  const symbol = symbolOfRawKey(rawKey) ?? (isValidSymbol(envelope.symbol) ? envelope.symbol : undefined);
  const rejected = (reason: QuarantineReason, detail: string): RawObjectReading => ({
    rawKey,
    version: envelope.bodySha256,
    symbol,
    envelope: facts,
    parsed: wholeObjectProblem(rawKey, excerpt, reason, detail),
  });

  if (!isValidSymbol(envelope.symbol)) {
    return rejected('bad-symbol', `symbol ${show(envelope.symbol)} does not match [A-Z0-9]{1,15}`);
  }
  const parser = Object.prototype.hasOwnProperty.call(PARSERS, envelope.source)
    ? PARSERS[envelope.source as RawSource]
    : undefined;
  if (parser === undefined) {
    return rejected(
      'unknown-source',
      `source ${show(envelope.source)} is not one of ${Object.keys(PARSERS).join(', ')}`,
    );
  }
  const parts = parseRawKey(rawKey);
  if (parts === undefined || parts.source !== envelope.source || parts.symbol !== envelope.symbol) {
    return rejected(
      'key-mismatch',
      `key is not raw/source=${envelope.source}/symbol=${envelope.symbol}/dt={day}/candles.json as its envelope says`,
    );
  }
  const decoded = decodeRawBody(envelope);
  if (!decoded.ok) return rejected(decoded.reason, decoded.detail);
  const parsed = parser(decoded.body, envelope.symbol, rawKey, excerpt);
  return {
    rawKey,
    version: envelope.bodySha256,
    symbol,
    envelope: facts,
    parsed: quarantineOutsideRequest(parsed, envelope, rawKey),
  };
}
