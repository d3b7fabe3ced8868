import { dayToEpochMs, epochMsToDay, type IsoDay } from '@cf/ohlcv';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day as a number of days since the epoch (the x coordinate of every chart). */
export function dayNumber(day: IsoDay): number {
  return dayToEpochMs(day) / DAY_MS;
}

/** Up to about `count` round tick values covering `min .. max` (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Round bounds that contain every value with a little headroom. */
export function paddedDomain(values: readonly number[], include: readonly number[] = []): [number, number] {
  const all = [...values, ...include].filter((v) => Number.isFinite(v));
  if (all.length === 0) return [0, 1];
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    const pad = Math.abs(min) * 0.05 || 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.06;
  min -= pad;
  max += pad;
  return [min, max];
}

/** Date ticks for a range of day numbers: about `count` evenly spread days, labelled `Jan 15`. */
export function dayTicks(from: number, to: number, count: number): { x: number; label: string }[] {
  const span = to - from;
  if (span <= 0) return [{ x: from, label: dayLabel(from) }];
  const steps = [1, 2, 7, 14, 30, 61, 91, 182, 365];
  const step = steps.find((s) => span / s <= count) ?? 365;
  const ticks: { x: number; label: string }[] = [];
  for (let x = Math.ceil(from / step) * step; x <= to; x += step) ticks.push({ x, label: dayLabel(x) });
  return ticks;
}

/** `Jan 15` for a day number (with the year on 1 January). */
export function dayLabel(x: number): string {
  const day = epochMsToDay(Math.round(x) * DAY_MS);
  const month = MONTHS[Number(day.slice(5, 7)) - 1];
  const date = Number(day.slice(8, 10));
  return month === 'Jan' && date === 1 ? day.slice(0, 4) : `${month} ${date}`;
}

/** A compact number for axes and tables: 42 150 -> `42.2k`, 0.5213 -> `0.521`. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}B`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return trim(value, 2);
  if (abs === 0) return '0';
  return value.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '');
}

function trim(value: number, digits = 1): string {
  return value.toFixed(digits).replace(/\.?0+$/, '');
}
