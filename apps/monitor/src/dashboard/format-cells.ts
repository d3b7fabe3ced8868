// Small formatters shared by the dashboard's cards and tables.

/** A badge saying whether a model beats persistence (or was not scored). */
export function pill(beats: boolean | null): string {
  if (beats === null) return '<span class="pill neutral">not scored</span>';
  return beats
    ? '<span class="pill good">beats persistence</span>'
    : '<span class="pill bad">not better than persistence</span>';
}

/** A share as a percentage with one decimal. */
export function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A number with fixed decimals, empty for null. */
export function fmt(value: number | null, digits: number): string {
  return value === null ? '' : value.toFixed(digits);
}

/**
 * A price for a readout or a table, exact enough to read a range: thousands grouped with no decimals from
 * 1 000 (`42,150`), two decimals from 1 (`2.51`), else four significant digits (`0.5213`).
 */
export function priceText(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000)
    return Math.round(value)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(4);
}

/** A signed percentage with one decimal: `+2.1%`, `-0.7%`. */
export function signedPct(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}
