import { keepLinesOfDays } from './csv-provider';

describe('keepLinesOfDays', () => {
  const yahoo =
    'Date,Close,High,Low,Open,Volume\n2024-02-09,3,4,2,3,10\n2024-02-10,3,4,2,3,10\n2024-02-11,3,4,2,3,10\n';

  it('keeps the header and the lines of the range, byte for byte', () => {
    expect(keepLinesOfDays(yahoo, { from: '2024-02-10', to: '2024-02-10' })).toBe(
      'Date,Close,High,Low,Open,Volume\n2024-02-10,3,4,2,3,10\n',
    );
    expect(keepLinesOfDays(yahoo, { to: '2024-02-11' })).toBe(yahoo);
  });

  it('keeps a line whose day cannot be read, for preprocess to quarantine with its reason', () => {
    const text =
      'date,symbol,open,high,low,close,volume\r\n02/10/2024,BTC,1,2,1,2,3\r\n2024-02-12,BTC,1,2,1,2,3';

    expect(keepLinesOfDays(text, { to: '2024-02-11' })).toBe(
      'date,symbol,open,high,low,close,volume\r\n02/10/2024,BTC,1,2,1,2,3\r\n',
    );
  });

  it('reads the day from epoch seconds in CryptoCompare-style files and from quoted dates', () => {
    const cc =
      'time,open,high,low,close,volumefrom,volumeto\n1707523200,1,2,1,2,3,4\n1707609600,1,2,1,2,3,4\n';
    expect(keepLinesOfDays(cc, { to: '2024-02-10' })).toBe(
      'time,open,high,low,close,volumefrom,volumeto\n1707523200,1,2,1,2,3,4\n',
    );
    const quoted =
      '"date","symbol","open","high","low","close","volume"\n"2024-02-11","BTC",1,2,1,2,3\n"2024-02-12","BTC",1,2,1,2,3\n';
    expect(keepLinesOfDays(quoted, { to: '2024-02-11' })).toBe(
      '"date","symbol","open","high","low","close","volume"\n"2024-02-11","BTC",1,2,1,2,3\n',
    );
  });
});
