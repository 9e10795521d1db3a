import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './retry-schedule';

const highest = () => 0.999999;

describe('full-jitter retry schedule', () => {
  it('doubles its ceiling with each attempt from the initial delay up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((attempt) => fullJitterDelay(attempt, 2000, 30_000, highest));
    expect(ceilings).toEqual([1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
  });

  it('draws anywhere from zero to the ceiling', () => {
    expect(fullJitterDelay(3, 1000, 30_000, () => 0)).toBe(0);
    expect(fullJitterDelay(3, 1000, 30_000, () => 0.5)).toBe(2000);
  });

  it('treats an attempt below 1 as the first', () => {
    expect(fullJitterDelay(0, 1000, 30_000, highest)).toBe(999);
    expect(fullJitterDelay(-5, 1000, 30_000, highest)).toBe(999);
  });

  it('stays a finite delay within the cap however many attempts have failed', () => {
    for (const attempt of [31, 61, 1024, 10_000, Number.MAX_SAFE_INTEGER]) {
      const delay = fullJitterDelay(attempt, 1000, 60_000, () => 0.5);
      expect(delay).toBe(30_000);
    }
  });

  it('uses Math.random when no source of randomness is given', () => {
    for (let i = 0; i < 50; i += 1) {
      const delay = fullJitterDelay(4, 1000, 30_000);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(8000);
    }
  });
});
