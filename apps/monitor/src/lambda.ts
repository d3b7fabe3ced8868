// AWS Lambda entry (scheduled by EventBridge): runs the daily cycle against the store of STORE_URL.
import { clockFromEnv, createLambdaHandler, createLogger, LOG_LEVELS } from '@cf/service';
import { loadConfig } from './config';
import { runDailyCycle, type CycleReport } from './cycle/run-daily-cycle';
import { createMonitorDeps, type MonitorDeps } from './deps';
import { MonitorError } from './errors';

const level = process.env.LOG_LEVEL;
const logger = createLogger({ name: 'monitor', level: LOG_LEVELS.some((l) => l === level) ? level : 'info' });

/**
 * The scheduled handler: evaluate, alerts, retraining decision, promotion, dashboard. Any event runs the
 * cycle (it is idempotent); a failed step fails the invocation after the other steps ran, so Lambda retries.
 */
export const handler = createLambdaHandler<MonitorDeps, unknown, CycleReport>({
  name: 'monitor',
  logger,
  init: async () => createMonitorDeps(loadConfig(process.env), logger, { clock: clockFromEnv(process.env) }),
  handle: async (deps) => {
    const report = await runDailyCycle(deps);
    if (report.failures.length > 0) {
      throw new MonitorError(
        'MONITOR_CYCLE_FAILED',
        'internal',
        `daily cycle steps failed: ${report.failures.map((f) => `${f.step} (${f.code}: ${f.message})`).join('; ')}`,
      );
    }
    return report;
  },
});
