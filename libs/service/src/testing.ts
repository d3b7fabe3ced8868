import { createLogger, type Logger } from './logger';

export { findTestBrowser, launchTestBrowser } from './test-browser';
export type { TestBrowser, TestBrowserExecutable } from './test-browser';

/**
 * A real logger (same options as `createLogger`, level `trace`) whose lines are kept in memory.
 *
 * @example
 * const { logger, lines } = captureLogger();
 * await runJob({ logger });
 * expect(lines().filter((l) => l.level === 'error')).toHaveLength(0);
 */
export function captureLogger(name = 'test'): { logger: Logger; lines(): Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = createLogger({
    name,
    level: 'trace',
    destination: { write: (line: string) => void written.push(line) },
  });
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
