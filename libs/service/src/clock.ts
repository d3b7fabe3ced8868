import { ConfigError } from './errors';

/** The jobs' only source of time. */
export type Clock = () => Date;

/**
 * The clock a service runs on: the system clock, or the fixed instant in `CLOCK_NOW` (ISO 8601, e.g.
 * `2024-02-12T00:30:00Z`) so that replays and demos over past data see a coherent "today".
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): Clock {
  const fixed = env.CLOCK_NOW;
  if (fixed === undefined || fixed === '') return () => new Date();
  const instant = Date.parse(fixed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(fixed) || Number.isNaN(instant)) {
    throw new ConfigError([`Environment variable CLOCK_NOW must be an ISO 8601 timestamp, got '${fixed}'`]);
  }
  return () => new Date(instant);
}
