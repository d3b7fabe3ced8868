import { addDays } from '@cf/ohlcv';
import { planCutoffSplit } from './cutoff-split';
import { InsufficientHistoryError } from '../errors';

const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

describe('planCutoffSplit', () => {
  it('validates on the most recent dates and trains on dates at least gap + 1 days before them', () => {
    // 20 origin dates 2024-01-01..2024-01-20 (cut-off 2024-01-23, horizon 3): validation = last floor(20 * 0.25) = 5.
    const split = planCutoffSplit([...days('2024-01-01', 20), '2024-01-05'], {
      cutoff: '2024-01-23',
      validationFraction: 0.25,
      gapDays: 3,
      model: 'lstm/scale-free',
    });

    expect(split).toEqual({
      train: { from: '2024-01-01', to: '2024-01-12' },
      validation: { from: '2024-01-16', to: '2024-01-20' },
      test: { from: '2024-01-24', to: '2024-01-24' },
      gapDays: 3,
    });
    // The last training target (origin + 3 days) is before the first validation origin.
    expect(addDays(split.train.to, 3) < split.validation.from).toBe(true);
  });

  it('keeps at least one validation date and fails, naming the model and cut-off, without a training date', () => {
    const small = planCutoffSplit(days('2024-01-01', 6), {
      cutoff: '2024-01-09',
      validationFraction: 0.1,
      gapDays: 3,
      model: 'm',
    });
    expect(small.validation).toEqual({ from: '2024-01-06', to: '2024-01-06' });
    expect(small.train).toEqual({ from: '2024-01-01', to: '2024-01-02' });

    const tooFew = () =>
      planCutoffSplit(days('2024-01-01', 4), {
        cutoff: '2024-01-07',
        validationFraction: 0.1,
        gapDays: 3,
        model: 'gru/scale-free',
      });
    expect(tooFew).toThrow(InsufficientHistoryError);
    expect(tooFew).toThrow(/model gru\/scale-free at 2024-01-07/);
  });
});
