// Test support: an alerts file as runAlerts writes it, with the given alerts.
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
    settings: {
      maxRatioToPersistence: 1.05,
      minDirectionalAccuracy: 0.5,
      minPoints: 30,
      staleDays: 2,
      moveSigmas: 6,
      moveLookbackDays: 90,
      gapLookbackDays: 90,
      recentDays: 30,
      volatilityRatio: 2,
      psiLimit: 0.25,
      psiBins: 10,
    },
  };
}
