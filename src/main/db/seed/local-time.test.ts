import { describe, expect, it } from 'vitest';
import { clinicDays } from './local-time';

describe('clinicDays', () => {
  it('starts today on a weekday and skips the weekend after it', () => {
    // Thursday 3 December 2026
    expect(clinicDays('2026-12-03', 3)).toEqual(['2026-12-03', '2026-12-04', '2026-12-07']);
  });

  it('keeps today on a Saturday or a Sunday, then goes on with working days', () => {
    expect(clinicDays('2026-12-05', 3)).toEqual(['2026-12-05', '2026-12-07', '2026-12-08']);
    expect(clinicDays('2026-12-06', 2)).toEqual(['2026-12-06', '2026-12-07']);
  });

  it('gives as many days as asked for, none for zero', () => {
    expect(clinicDays('2026-12-05', 1)).toEqual(['2026-12-05']);
    expect(clinicDays('2026-12-05', 0)).toEqual([]);
  });
});
