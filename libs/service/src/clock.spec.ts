import { ConfigError } from './errors';
import { clockFromEnv } from './clock';

describe('clockFromEnv', () => {
  it('follows the system clock when CLOCK_NOW is unset', () => {
    const before = Date.now();
    const now = clockFromEnv({})().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('stands still at CLOCK_NOW', () => {
    const clock = clockFromEnv({ CLOCK_NOW: '2024-02-12T00:30:00Z' });
    expect(clock().toISOString()).toBe('2024-02-12T00:30:00.000Z');
    expect(clock().toISOString()).toBe('2024-02-12T00:30:00.000Z');
  });

  it('refuses a value that is not an ISO timestamp, naming it', () => {
    expect(() => clockFromEnv({ CLOCK_NOW: 'tomorrow' })).toThrow(ConfigError);
    expect(() => clockFromEnv({ CLOCK_NOW: '2024-02-12' })).toThrow(/CLOCK_NOW .*'2024-02-12'/);
  });
});
