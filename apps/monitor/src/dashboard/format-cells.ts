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
