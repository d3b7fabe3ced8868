import { loadSampleCandles } from '@cf/ohlcv/testing';
import { SymbolMismatchError } from '../errors';
import { checkContinuity } from './check-continuity';

const closes = (symbol: string, from: string, to: string) =>
  loadSampleCandles(symbol, { from, to }).map((c) => ({ day: c.date, close: c.close }));

describe('checkContinuity', () => {
  const stored = [{ key: 'raw/x', closes: closes('BTC', '2024-02-01', '2024-02-05') }];

  it('accepts the same asset, revisions of a few percent included', () => {
    const revised = closes('BTC', '2024-02-03', '2024-02-08').map((c) => ({ ...c, close: c.close * 1.03 }));

    expect(() => checkContinuity('BTC', 'page', revised, stored)).not.toThrow();
  });

  it("refuses another asset's closes on the common days, naming day, values and key", () => {
    const eth = closes('ETH', '2024-02-03', '2024-02-08');

    expect(() => checkContinuity('BTC', 'cryptocompare page', eth, stored)).toThrow(SymbolMismatchError);
    expect(() => checkContinuity('BTC', 'cryptocompare page', eth, stored)).toThrow(
      /does not look like BTC: on 2024-02-0\d it has close [\d.]+ where 'raw\/x' has [\d.]+ \(median over 3 common day\(s\)/,
    );
  });

  it('passes when no day is common (nothing to compare with)', () => {
    expect(() =>
      checkContinuity('BTC', 'page', closes('ETH', '2024-02-06', '2024-02-08'), stored),
    ).not.toThrow();
  });

  it('goes by the median, so one bad day does not refuse a page', () => {
    const fetched = closes('BTC', '2024-02-01', '2024-02-05').map((c, i) =>
      i === 0 ? { ...c, close: c.close * 10 } : c,
    );

    expect(() => checkContinuity('BTC', 'page', fetched, stored)).not.toThrow();
  });
});
