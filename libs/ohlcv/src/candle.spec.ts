import { isValidSymbol, SYMBOL_PATTERN } from './candle';

describe('isValidSymbol', () => {
  it('agrees with SYMBOL_PATTERN on tickers, edge lengths, and every other character', () => {
    const samples = [
      'BTC',
      'B',
      '1INCH',
      'A'.repeat(15),
      'A'.repeat(16),
      '',
      'btc',
      'BTC ',
      'BTC-USD',
      'ÅBC',
    ];
    for (let code = 0; code < 256; code++) samples.push(`A${String.fromCharCode(code)}`);

    for (const symbol of samples)
      expect([symbol, isValidSymbol(symbol)]).toEqual([symbol, SYMBOL_PATTERN.test(symbol)]);
    expect(isValidSymbol(42 as unknown as string)).toBe(false);
  });
});
