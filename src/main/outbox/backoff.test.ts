import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoff with full jitter', () => {
  it('doubles its ceiling with each attempt up to the cap', () => {
    const top = () => 0.999999;
    const ceilings = [1, 2, 3, 4, 5, 12].map((attempt) => backoffDelay(DEFAULT_BACKOFF, attempt, top));
    expect(ceilings.slice(0, 5)).toEqual([999, 1999, 3999, 7999, 15999]);
    expect(ceilings[5]).toBe(299_999);
  });

  it('draws anywhere from zero to the ceiling', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 4, () => 0)).toBe(0);
    expect(backoffDelay(DEFAULT_BACKOFF, 4, () => 0.5)).toBe(4000);
  });
});
