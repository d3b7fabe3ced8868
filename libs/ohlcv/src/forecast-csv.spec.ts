import type { Forecast } from './forecast';
import { FORECAST_CSV_COLUMNS, formatForecastsCsv } from './forecast-csv';
import { readCsvRecords } from './csv-records';

const forecast: Forecast = {
  symbol: 'BTC',
  lastObservedDate: '2024-02-11',
  lastClose: 48293.91796875,
  generatedAt: '2024-02-12T00:05:00.000Z',
  modelVersion: '20240201T000000Z-abc123',
  model: 'lstm/scale-free',
  modelTrainedThrough: '2024-01-31',
  horizon: 2,
  steps: [
    { horizonDay: 1, targetDate: '2024-02-12', predictedReturn: 0.01, predictedClose: 48776.8571484375 },
    { horizonDay: 2, targetDate: '2024-02-13', predictedReturn: -0.005, predictedClose: 48532.97286269531 },
  ],
  outOfDistribution: [
    { feature: 'log_return', zScore: 4.2, limit: 4 },
    { feature: 'rsi_14', zScore: -4.5, limit: 4 },
  ],
};

describe('formatForecastsCsv', () => {
  it('writes one row per step in the fixed column order, with flagged features joined by ;', () => {
    const csv = formatForecastsCsv([forecast, { ...forecast, symbol: 'ETH', outOfDistribution: [] }]);

    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'symbol,last_observed_date,last_close,generated_at,model_version,model,model_trained_through,horizon,' +
        'horizon_day,target_date,predicted_return,predicted_close,' +
        'close_q05,close_q10,close_q25,close_q50,close_q75,close_q90,close_q95,out_of_distribution',
    );
    // a point-only forecast leaves the quantile columns empty
    expect(lines[1]).toBe(
      'BTC,2024-02-11,48293.91796875,2024-02-12T00:05:00.000Z,20240201T000000Z-abc123,lstm/scale-free,2024-01-31,2,' +
        '1,2024-02-12,0.01,48776.8571484375,,,,,,,,log_return;rsi_14',
    );
    expect(lines).toHaveLength(6);
    expect(lines[4]).toMatch(/^ETH,.*,2,2024-02-13,-0.005,48532.97286269531,,,,,,,,$/);
    expect(lines[5]).toBe('');
  });

  it('writes the close at each quantile level in its column', () => {
    const levels = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
    const quantiles = levels.map((level, k) => ({ level, close: 47000 + 500 * k }));
    const ranged: Forecast = { ...forecast, steps: forecast.steps.map((s) => ({ ...s, quantiles })) };

    const records = readCsvRecords(formatForecastsCsv([ranged]));

    const at = (column: string) => records[1].fields[FORECAST_CSV_COLUMNS.indexOf(column as never)];
    expect([at('close_q05'), at('close_q50'), at('close_q95')]).toEqual(['47000', '48500', '50000']);
  });

  it('reads back, field for field, even when a value needs quoting', () => {
    const odd = { ...forecast, modelVersion: 'v1, "retrained"' };

    const records = readCsvRecords(formatForecastsCsv([odd]));

    expect(records[0].fields).toEqual([...FORECAST_CSV_COLUMNS]);
    expect(records[1].fields[4]).toBe('v1, "retrained"');
    expect(Number(records[2].fields[11])).toBe(forecast.steps[1].predictedClose);
  });

  it('writes only the header for no forecasts', () => {
    expect(formatForecastsCsv([])).toBe(FORECAST_CSV_COLUMNS.join(',') + '\n');
  });
});
