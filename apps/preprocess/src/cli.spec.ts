import { InvalidRunRequestError } from './errors';
import { formatReport, parseCliArgs } from './cli';
import type { PreprocessReport } from './job/preprocess-report';

describe('parseCliArgs', () => {
  it('runs incrementally by default and reads every option', () => {
    expect(parseCliArgs([])).toEqual({ command: 'run', full: false, rawKeys: [], json: false });
    expect(
      parseCliArgs(['--full', '--store', 's3://b/p', '--raw-key', 'raw/a', '--raw-key', 'raw/b', '--json']),
    ).toEqual({
      command: 'run',
      storeUrl: 's3://b/p',
      full: true,
      rawKeys: ['raw/a', 'raw/b'],
      json: true,
    });
    expect(parseCliArgs(['serve', '--port', '0'])).toEqual({ command: 'serve', port: 0 });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['--fulll'], "Unknown option '--fulll'"],
    [['rebuild'], "unknown command 'rebuild'"],
    [['run', 'extra'], "unexpected argument 'extra'"],
    [['serve', '--port', 'http'], "--port must be an integer between 0 and 65535, got 'http'"],
    [['--port', '80'], '--port applies to serve only'],
  ])('refuses %j naming the problem', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(InvalidRunRequestError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('formatReport', () => {
  it('prints one aligned line per symbol and the raw and manifest totals', () => {
    const report: PreprocessReport = {
      mode: 'incremental',
      today: '2024-02-12',
      raw: { listed: 3, read: 2, unchanged: 0, gone: 0, quarantinedWhole: 1, unreadable: 0 },
      symbols: [
        {
          symbol: 'BTC',
          rawObjects: 1,
          accepted: 3435,
          duplicate: 0,
          superseded: 0,
          quarantined: 2,
          added: 3435,
          updated: 0,
          removed: 0,
          rows: 3435,
          rebuilt: false,
          dataset: 'written',
        },
        {
          symbol: 'SOL',
          rawObjects: 0,
          accepted: 0,
          duplicate: 0,
          superseded: 0,
          quarantined: 0,
          added: 0,
          updated: 0,
          removed: 0,
          rows: 1403,
          rebuilt: false,
          dataset: 'unchanged',
        },
      ],
      unattributedQuarantined: 1,
      manifest: 'written',
    };

    expect(formatReport(report)).toBe(
      [
        'preprocess incremental run, day 2024-02-12',
        'symbol  raw  accepted  duplicate  superseded  updated  quarantined  rows    dataset',
        '------  ---  --------  ---------  ----------  -------  -----------  ----  ---------',
        'BTC       1      3435          0           0        0            2  3435    written',
        'SOL       0         0          0           0        0            0  1403  unchanged',
        'raw objects: 3 listed, 2 read, 0 unchanged, 0 gone, 1 quarantined whole, 1 without a symbol',
        'manifest: written',
        '',
      ].join('\n'),
    );
  });
});
