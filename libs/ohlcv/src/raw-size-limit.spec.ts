import { DEFAULT_MAX_RAW_OBJECT_BYTES, rawObjectSizeProblem } from './raw-size-limit';

describe('rawObjectSizeProblem', () => {
  it('accepts up to the limit and names size, limit and variable beyond it', () => {
    expect(DEFAULT_MAX_RAW_OBJECT_BYTES).toBe(52_428_800);
    expect(rawObjectSizeProblem(1024, 1024)).toBeUndefined();
    expect(rawObjectSizeProblem(1025, 1024)).toBe(
      'raw object is 1025 bytes, over the 1024-byte limit (RAW_MAX_OBJECT_BYTES)',
    );
  });
});
