import { isRequestedDay, requestedDays } from './requested-days';

const coverage = { from: '2024-02-09', to: '2024-02-11' };

describe('requestedDays', () => {
  it("reads CryptoCompare's limit + 1 days ending on toTs's day", () => {
    const toTs = Date.UTC(2024, 1, 12) / 1000 - 1;

    expect(
      requestedDays({ source: 'cryptocompare', request: { fsym: 'BTC', limit: 2, toTs }, coverage }),
    ).toEqual({
      from: '2024-02-09',
      to: '2024-02-11',
      basis: `toTs=${toTs}, limit=2`,
    });
    // limit=1 for one day: CryptoCompare answers that day and the one before.
    expect(requestedDays({ source: 'cryptocompare', request: { limit: 1, toTs }, coverage }).from).toBe(
      '2024-02-10',
    );
  });

  it("reads Binance's startTime and endTime (ms) and a CSV import's from and to", () => {
    const startTime = Date.UTC(2024, 1, 9);
    const endTime = Date.UTC(2024, 1, 12) - 1;
    expect(requestedDays({ source: 'binance', request: { startTime, endTime }, coverage })).toMatchObject({
      from: '2024-02-09',
      to: '2024-02-11',
    });
    expect(
      requestedDays({ source: 'csv', request: { file: 'BTC.csv', to: '2024-02-11' }, coverage }),
    ).toEqual({
      to: '2024-02-11',
      basis: 'to=2024-02-11',
    });
    expect(
      requestedDays({ source: 'csv', request: { from: '2024-01-01', to: '2024-02-11' }, coverage }).from,
    ).toBe('2024-01-01');
  });

  it('falls back to the coverage when the request does not say', () => {
    const requests: Record<string, string | number>[] = [
      { fsym: 'BTC' },
      { toTs: 'x', limit: 2 },
      { toTs: 1e15, limit: 2 },
    ];
    for (const request of requests) {
      expect(requestedDays({ source: 'cryptocompare', request, coverage })).toEqual({
        ...coverage,
        basis: 'coverage',
      });
    }
    expect(
      requestedDays({ source: 'binance', request: { startTime: 2 * 86_400_000, endTime: 0 }, coverage })
        .basis,
    ).toBe('coverage');
  });

  it('tells whether a day is in the range', () => {
    expect(isRequestedDay('2024-02-09', { ...coverage, basis: '' })).toBe(true);
    expect(isRequestedDay('2024-02-12', { ...coverage, basis: '' })).toBe(false);
    expect(isRequestedDay('1999-01-01', { to: '2024-02-11', basis: '' })).toBe(true);
  });
});
