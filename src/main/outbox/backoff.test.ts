import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, expiryCutoff } from './backoff';

describe('backoff with full jitter', () => {
  it('doubles its ceiling with each attempt up to the 30 s cap while the clinic day runs', () => {
    const random = () => 0.999999;
    const ceilings = [1, 2, 3, 4, 5, 6, 12].map((attempt) =>
      backoffDelay(DEFAULT_BACKOFF, attempt, { random }),
    );
    expect(ceilings.slice(0, 5)).toEqual([999, 1999, 3999, 7999, 15999]);
    expect(ceilings[5]).toBe(29_999);
    expect(ceilings[6]).toBe(29_999);
  });

  it('waits up to five minutes once the clinic day is over', () => {
    const random = () => 0.999999;
    expect(backoffDelay(DEFAULT_BACKOFF, 20, { random, clinicDayOver: true })).toBe(299_999);
    expect(backoffDelay(DEFAULT_BACKOFF, 2, { random, clinicDayOver: true })).toBe(1999);
  });

  it('never stops growing into a finite delay, however many attempts', () => {
    const delay = backoffDelay(DEFAULT_BACKOFF, 10_000, { random: () => 0.5 });
    expect(delay).toBe(15_000);
  });

  it('draws anywhere from zero to the ceiling', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 4, { random: () => 0 })).toBe(0);
    expect(backoffDelay(DEFAULT_BACKOFF, 4, { random: () => 0.5 })).toBe(4000);
  });

  it('expires messages whose clinic day ended more than a day ago', () => {
    expect(expiryCutoff(DEFAULT_BACKOFF, new Date('2026-12-04T10:00:00.000Z'))).toBe(
      '2026-12-03T10:00:00.000Z',
    );
  });
});
