// Test support: an alerts file as runAlerts writes it, with the given alerts.
import { SCENARIO_ALERTS } from '../../testing/scenario';
import type { AlertsDocument } from '../run-alerts';

/** An alerts document for `day` holding `alerts`, with the default settings. */
export function alertsDocument(alerts: AlertsDocument['alerts'], day = '2024-02-01'): AlertsDocument {
  return {
    schemaVersion: 1,
    day,
    asOf: day,
    modelVersion: '20240101T000000Z-abcdef12',
    alerts,
    checks: {
      symbols: ['BTC', 'ETH'],
      degradation: { windowDays: 30, ran: true },
      volatility: null,
      featureDrift: null,
      notes: [],
    },
    settings: SCENARIO_ALERTS,
  };
}
