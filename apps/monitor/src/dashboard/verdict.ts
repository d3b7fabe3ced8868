import type { PromotionRecord } from '../promotion/promotion-record';
import type { DashboardData } from './dashboard-data';

/** The page's headline: does any model beat persistence, in plain words. */
export interface Verdict {
  readonly level: 'good' | 'bad' | 'unknown';
  readonly text: string;
}

/** Fewest live forecast steps the verdict bases itself on. */
export const VERDICT_MIN_POINTS = 30;

/**
 * The headline from the live rolling 30-day ratio when it rests on enough points, else from the promoted
 * model's held-out evaluation; says plainly which model is live and when no model beats persistence, and warns when a result looks too good.
 */
export function plainVerdict(
  data: Omit<DashboardData, 'verdict'>,
  records: readonly PromotionRecord[],
): Verdict {
  const promoted = data.status.promoted;
  const month = data.overall.current['30'];
  const scored = records.filter((r) => r.kind === 'promotion' && r.beatsPersistence !== null);
  const anyBeat = scored.some((r) => r.beatsPersistence === true);
  const others =
    scored.length === 0
      ? ''
      : anyBeat
        ? ''
        : ` None of the ${new Set(scored.map((r) => r.version)).size} model version(s) considered for promotion beat persistence on its test window either.`;
  if (promoted === null && (month === undefined || month === null)) {
    return { level: 'unknown', text: 'No model is promoted and no forecast has been scored yet.' };
  }
  const ratio = month?.ratioToPersistence.model ?? null;
  if (month !== undefined && month !== null && ratio !== null && month.n >= VERDICT_MIN_POINTS) {
    const pct = Math.abs(ratio - 1) * 100;
    const dm = month.dieboldMariano?.pValue;
    const significance =
      dm == null ? '' : ` (Diebold-Mariano p = ${dm.toFixed(3)}${dm < 0.05 ? '' : ': not significant'})`;
    if (ratio >= 1) {
      return {
        level: 'bad',
        text: `No model beats persistence. Over the last 30 days the forecasts' error was ${pct.toFixed(1)}% higher than simply repeating the last close (MAE ratio ${ratio.toFixed(3)}, ${month.n} forecast steps)${significance}.${others}`,
      };
    }
    const suspicious =
      ratio < 0.8
        ? ' A result this much better than persistence on daily crypto prices is unusual: check for leakage before trusting it.'
        : '';
    if (dm == null || dm >= 0.05) {
      return {
        level: 'unknown',
        text: `No clear evidence that the model beats persistence: over the last 30 days the forecasts' error was ${pct.toFixed(1)}% lower than repeating the last close (MAE ratio ${ratio.toFixed(3)}, ${month.n} forecast steps), but the difference is not statistically significant${dm == null ? ' (too few days for the Diebold-Mariano test)' : ` (Diebold-Mariano p = ${dm.toFixed(3)})`}.${suspicious}`,
      };
    }
    return {
      level: 'good',
      text: `The forecasts beat persistence over the last 30 days: their error was ${pct.toFixed(1)}% lower than repeating the last close (MAE ratio ${ratio.toFixed(3)}, ${month.n} forecast steps)${significance}.${suspicious}`,
    };
  }
  if (promoted !== null && promoted.model.split('+')[0] === 'persistence') {
    return {
      level: 'bad',
      text: `No model beats persistence, so persistence is live (${promoted.version}${promoted.promotion?.kind === 'champion' ? ', the champion' : ''}): its forecast is the last close. ${promoted.promotion?.why ?? ''}`.trim(),
    };
  }
  if (promoted !== null) {
    const test = promoted.test;
    const testRatio = promoted.promotion?.ratioToPersistence ?? test.ratioToPersistence ?? Number.NaN;
    const beats = testRatio < 1;
    return {
      level: beats ? 'unknown' : 'bad',
      text: `${beats ? '' : 'No model beats persistence. '}Not enough live forecasts scored yet (${month?.n ?? 0} steps); on its held-out origins ${test.from}..${test.to} the promoted model ${promoted.version} has ${testRatio.toFixed(3)} times persistence's error: it ${beats ? 'beats' : 'does not beat'} persistence there.${beats ? '' : others}`,
    };
  }
  return {
    level: 'unknown',
    text: `Not enough live forecasts scored yet (${month?.n ?? 0} steps) and no model is promoted.`,
  };
}
