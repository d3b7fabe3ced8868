import { planDemo, runInstantAfter } from './demo-plan';

describe('planDemo', () => {
  it('holds back the last N days and replays them in order', () => {
    const plan = planDemo('2024-02-11', 30);
    expect(plan.cutoff).toBe('2024-01-12');
    expect(plan.replayDays).toHaveLength(30);
    expect(plan.replayDays[0]).toBe('2024-01-13');
    expect(plan.replayDays[29]).toBe('2024-02-11');
  });

  it('refuses a replay length that is not a positive integer', () => {
    expect(() => planDemo('2024-02-11', 0)).toThrow(/positive integer, got 0/);
    expect(() => planDemo('2024-02-11', 1.5)).toThrow(/positive integer/);
  });
});

describe('runInstantAfter', () => {
  it('is the next UTC day at the given minute', () => {
    expect(runInstantAfter('2024-02-29', 30)).toBe('2024-03-01T00:30:00.000Z');
    expect(runInstantAfter('2023-12-31', 75)).toBe('2024-01-01T01:15:00.000Z');
  });
});
