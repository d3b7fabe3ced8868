import { isIsoDay } from '@cf/ohlcv';
import { ConfigError } from './errors';

/** Options of `EnvReader.string`. */
export interface StringOptions {
  readonly default?: string;
  /** Default `true` when there is no default. */
  readonly required?: boolean;
}

/** Options of `EnvReader.int` and `EnvReader.number`; without a default the variable is required. */
export interface NumberOptions {
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

/** Options of `EnvReader.list`. */
export interface ListOptions {
  readonly default: readonly string[];
  /** Every entry must match it. */
  readonly pattern?: RegExp;
}

/**
 * Reads and checks environment variables, collecting every problem; `done()` throws one `ConfigError`
 * listing them all. Unset and blank (whitespace-only) variables count as missing.
 */
export interface EnvReader {
  /** The value, else `default`; missing with neither a default nor `required: false` is a problem. */
  string(name: string, options?: StringOptions): string;
  /** The value, or `undefined` when unset or blank. */
  optionalString(name: string): string | undefined;
  /** An integer within [min, max]. */
  int(name: string, options: NumberOptions): number;
  /** A finite number within [min, max]. */
  number(name: string, options: NumberOptions): number;
  /** true/false/1/0/yes/no (any case). */
  bool(name: string, options: { readonly default: boolean }): boolean;
  /** One of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[], options: { readonly default: T }): T;
  /** Comma-separated entries, trimmed, empty ones dropped, deduplicated in order. */
  list(name: string, options: ListOptions): string[];
  /** A UTC calendar day `YYYY-MM-DD`. */
  day(name: string, options: { readonly default: string } | { readonly required: true }): string;
  day(name: string, options?: { readonly required?: false }): string | undefined;
  /** Records a problem the reader cannot see itself (a check across variables), reported by `done()`. */
  problem(message: string): void;
  /** Throws `ConfigError` listing every problem found so far; returns when there is none. */
  done(): void;
}

/**
 * A reader over `env` (pass `process.env` from `main.ts`, a literal in tests).
 *
 * @example
 * export function loadConfig(env: Record<string, string | undefined>): Config {
 *   const read = envReader(env);
 *   const config = { storeUrl: read.string('STORE_URL', { default: './data' }), port: read.int('PORT', { default: 8080, min: 1, max: 65535 }) };
 *   read.done();
 *   return Object.freeze(config);
 * }
 */
export function envReader(env: Readonly<Record<string, string | undefined>>): EnvReader {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const problem = (name: string, text: string): void => {
    problems.push(`Environment variable ${name} ${text}`);
  };
  const required = (name: string): void => problem(name, 'is required');

  const numeric = (name: string, options: NumberOptions, integer: boolean): number => {
    const value = raw(name);
    const fallback = options.default ?? 0;
    if (value === undefined) {
      if (options.default === undefined) required(name);
      return fallback;
    }
    const parsed = Number(value);
    const ok =
      (integer ? /^[+-]?\d+$/.test(value) && Number.isSafeInteger(parsed) : Number.isFinite(parsed)) &&
      (options.min === undefined || parsed >= options.min) &&
      (options.max === undefined || parsed <= options.max);
    if (!ok) {
      problem(name, `must be ${integer ? 'an integer' : 'a number'}${range(options)}, got '${value}'`);
      return fallback;
    }
    return parsed;
  };

  function day(name: string, options: { readonly default: string } | { readonly required: true }): string;
  function day(name: string, options?: { readonly required?: false }): string | undefined;
  function day(
    name: string,
    options: { readonly default?: string; readonly required?: boolean } = {},
  ): string | undefined {
    const value = raw(name);
    if (value === undefined) {
      if (options.default !== undefined) return options.default;
      if (options.required === true) required(name);
      return undefined;
    }
    if (!isIsoDay(value)) {
      problem(name, `must be a calendar day YYYY-MM-DD, got '${value}'`);
      return options.default;
    }
    return value;
  }

  return {
    string(name, options = {}) {
      const value = raw(name);
      if (value !== undefined) return value;
      if (options.default !== undefined) return options.default;
      if (options.required !== false) required(name);
      return '';
    },
    optionalString: raw,
    int: (name, options) => numeric(name, options, true),
    number: (name, options) => numeric(name, options, false),
    bool(name, options) {
      const value = raw(name);
      if (value === undefined) return options.default;
      const lower = value.toLowerCase();
      if (['true', '1', 'yes'].includes(lower)) return true;
      if (['false', '0', 'no'].includes(lower)) return false;
      problem(name, `must be one of true, false, 1, 0, yes, no, got '${value}'`);
      return options.default;
    },
    oneOf(name, values, options) {
      const value = raw(name);
      if (value === undefined) return options.default;
      const match = values.find((candidate) => candidate === value);
      if (match !== undefined) return match;
      problem(name, `must be one of ${values.join(', ')}, got '${value}'`);
      return options.default;
    },
    list(name, options) {
      const value = raw(name);
      const entries =
        value === undefined ? [...options.default] : value.split(',').map((entry) => entry.trim());
      const unique = [...new Set(entries.filter((entry) => entry !== ''))];
      if (options.pattern !== undefined) {
        const pattern = options.pattern;
        const bad = unique.filter((entry) => !pattern.test(entry));
        if (bad.length > 0) {
          problem(
            name,
            `has invalid entries ${bad.map((entry) => `'${entry}'`).join(', ')}: each must match ${pattern}`,
          );
        }
      }
      return unique;
    },
    day,
    problem(message) {
      problems.push(message);
    },
    done() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}

function range(options: NumberOptions): string {
  if (options.min !== undefined && options.max !== undefined)
    return ` between ${options.min} and ${options.max}`;
  if (options.min !== undefined) return ` of at least ${options.min}`;
  if (options.max !== undefined) return ` of at most ${options.max}`;
  return '';
}
