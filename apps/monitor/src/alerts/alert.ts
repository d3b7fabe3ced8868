/** The kinds of alert, by family: model degradation, ranges that miss their coverage, data problems, regime shifts. */
export const ALERT_TYPES = {
  'degradation-ratio': 'degradation',
  'degradation-direction': 'degradation',
  'range-coverage': 'ranges',
  'stale-data': 'data',
  'missing-data': 'data',
  'data-gap': 'data',
  'extreme-move': 'data',
  'volatility-regime': 'regime',
  'feature-drift': 'regime',
} as const;

/** One kind of alert. */
export type AlertType = keyof typeof ALERT_TYPES;

/** One alert: what, for which asset (`ALL` for the pooled assets), the values seen and the limits crossed. */
export interface Alert {
  readonly type: AlertType;
  readonly family: (typeof ALERT_TYPES)[AlertType];
  readonly symbol: string;
  /** One sentence a person can act on. */
  readonly message: string;
  readonly values: Readonly<Record<string, number | string | null>>;
  readonly threshold: Readonly<Record<string, number>>;
}

/** Builds an alert, filling in its family. */
export function alert(
  type: AlertType,
  symbol: string,
  message: string,
  values: Alert['values'],
  threshold: Alert['threshold'],
): Alert {
  return { type, family: ALERT_TYPES[type], symbol, message, values, threshold };
}

/** Alerts in a stable order: by family, type, then symbol. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const key = (a: Alert) => `${a.family}|${a.type}|${a.symbol}|${a.message}`;
  return [...alerts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
