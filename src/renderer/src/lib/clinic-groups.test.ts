import { describe, expect, it } from 'vitest';
import type { ClinicSummary } from '#shared/ipc/views';
import { clinicListFrom, clinicToday, groupClinics } from './clinic-groups';

const clinic = (id: string, date: string, timeZone = 'Europe/London') =>
  ({ id, date, timeZone }) as ClinicSummary;

describe('clinic list groups', () => {
  it("puts today's clinics first, then the coming ones in order, then past ones newest first", () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const groups = groupClinics(
      [
        clinic('old', '2026-11-20'),
        clinic('next-week', '2026-12-11'),
        clinic('today', '2026-12-04'),
        clinic('yesterday', '2026-12-03'),
        clinic('tomorrow', '2026-12-05'),
      ],
      now,
    );
    expect(groups.today.map((c) => c.id)).toEqual(['today']);
    expect(groups.upcoming.map((c) => c.id)).toEqual(['tomorrow', 'next-week']);
    expect(groups.past.map((c) => c.id)).toEqual(['yesterday', 'old']);
  });

  it("reads today in the clinic's own time zone, not the workstation's", () => {
    // 23:30 UTC on 14 June is already 15 June in London (summer time) but not in New York.
    const now = new Date('2027-06-14T23:30:00Z');
    expect(clinicToday(clinic('l', '', 'Europe/London'), now)).toBe('2027-06-15');
    expect(clinicToday(clinic('n', '', 'America/New_York'), now)).toBe('2027-06-14');
    const groups = groupClinics([clinic('london', '2027-06-15')], now);
    expect(groups.today.map((c) => c.id)).toEqual(['london']);
  });

  it('reaches four weeks back, by the calendar', () => {
    expect(clinicListFrom(new Date(2026, 11, 4, 10))).toBe('2026-11-06');
    expect(clinicListFrom(new Date(2027, 2, 1, 0, 30))).toBe('2027-02-01');
  });
});
