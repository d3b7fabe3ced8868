import { createHash } from 'node:crypto';
import type { Logger } from '@cf/service';
import { getJson, putJson, stableJson, type ObjectStore } from '@cf/storage';
import { AlertDeliveryError } from '../../errors';
import { alertDeliveryKey } from '../../monitor-keys';
import type { AlertsDocument } from '../run-alerts';
import type { AlertChannel } from './alert-channel';
import { alertMessage } from './alert-message';

/** What delivery needs. */
export interface DeliveryDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly channels: readonly AlertChannel[];
}

/** One channel's last delivery of a day's alerts. */
export interface ChannelReceipt {
  /** sha256 of the alerts delivered (or tried): a changed set of alerts is delivered again. */
  readonly digest: string;
  readonly status: 'delivered' | 'failed';
  readonly at: string;
  readonly attempts: number;
  readonly error?: string;
}

/** `monitoring/alerts/dt={day}/delivery.json`. */
export interface DeliveryReceipt {
  readonly schemaVersion: 1;
  readonly day: string;
  readonly channels: Readonly<Record<string, ChannelReceipt>>;
}

/** What one call did, per channel. */
export interface DeliveryReport {
  readonly sent: readonly string[];
  readonly skipped: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Delivers a day's alerts (already written to the store) to every channel that has not received this exact
 * set yet, and records per channel what it received in `monitoring/alerts/dt={day}/delivery.json`.
 * - Nothing is sent for a day without alerts.
 * - A re-run (the scheduled cycle again, the training-job event, a Lambda retry) sends nothing to a channel
 *   that already has this set; a channel that failed is tried again; a day whose alerts changed (a new model
 *   changed the regime checks) is sent again, once.
 * - Delivery is at least once: a message can be repeated only if sending succeeded and writing the receipt
 *   then failed.
 * Throws `AlertDeliveryError` naming the failed channels after trying all of them and writing the receipt.
 */
export async function deliverAlerts(deps: DeliveryDeps, document: AlertsDocument): Promise<DeliveryReport> {
  if (document.alerts.length === 0 || deps.channels.length === 0)
    return { sent: [], skipped: [], failed: [] };
  const key = alertDeliveryKey(document.day);
  const digest = createHash('sha256').update(stableJson(document.alerts)).digest('hex');
  const previous = (await getJson<DeliveryReceipt>(deps.store, key))?.channels ?? {};
  const channels: Record<string, ChannelReceipt> = { ...previous };
  const message = alertMessage(document, { storeUrl: deps.store.url });
  const report = { sent: [] as string[], skipped: [] as string[], failed: [] as string[] };
  const errors: string[] = [];
  for (const channel of deps.channels) {
    const before = previous[channel.name];
    if (before?.status === 'delivered' && before.digest === digest) {
      report.skipped.push(channel.name);
      continue;
    }
    const attempts = before?.digest === digest ? before.attempts + 1 : 1;
    const at = deps.clock().toISOString();
    try {
      await channel.send(message);
      channels[channel.name] = { digest, status: 'delivered', at, attempts };
      report.sent.push(channel.name);
    } catch (error) {
      const text = (error as Error).message;
      channels[channel.name] = { digest, status: 'failed', at, attempts, error: text };
      report.failed.push(channel.name);
      errors.push(text);
      deps.logger.error(
        { channel: channel.name, day: document.day, attempts, error: text },
        'alert delivery failed',
      );
    }
  }
  const receipt: DeliveryReceipt = { schemaVersion: 1, day: document.day, channels };
  await putJson(deps.store, key, receipt);
  deps.logger.info({ day: document.day, alerts: document.alerts.length, ...report }, 'alerts delivered');
  if (report.failed.length > 0) {
    throw new AlertDeliveryError(
      report.failed.join(','),
      `the ${document.alerts.length} alert(s) of ${document.day} are in the store, but delivery failed: ${errors.join('; ')}`,
    );
  }
  return report;
}
