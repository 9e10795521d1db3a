import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateOfBirth,
  formatDateTime,
  formatNextAttempt,
  formatOptionalDateTime,
  formatRoundTrip,
  formatTime,
  formatTimeOnDay,
  participantName,
} from './format';

describe('formatDate', () => {
  it('spells a clinic date with a short weekday and month', () => {
    expect(formatDate('2026-11-27')).toBe('Fri 27 Nov 2026');
  });

  it('uses "Sep", not the "Sept" some ICU versions produce', () => {
    expect(formatDate('2026-09-04')).toBe('Fri 4 Sep 2026');
  });

  it('returns anything that is not a real date unchanged', () => {
    expect(formatDate('2026-02-30')).toBe('2026-02-30');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatDateOfBirth', () => {
  it('has no weekday and does not shift with time zones', () => {
    expect(formatDateOfBirth('1961-03-12')).toBe('12 Mar 1961');
    expect(formatDateOfBirth('1961-01-01')).toBe('1 Jan 1961');
  });
});

describe('formatTime', () => {
  it('shows GMT times in winter', () => {
    expect(formatTime('2026-11-27T09:15:00Z')).toBe('09:15');
  });

  it('shows BST times in summer', () => {
    expect(formatTime('2026-06-01T08:15:00Z')).toBe('09:15');
  });

  it('converts from any offset', () => {
    expect(formatTime('2026-06-01T10:15:00+02:00')).toBe('09:15');
  });

  it('is 24-hour, with midnight as 00', () => {
    expect(formatTime('2026-11-27T16:05:00Z')).toBe('16:05');
    expect(formatTime('2026-11-27T00:00:00Z')).toBe('00:00');
  });

  it("uses the clinic's time zone when given", () => {
    expect(formatTime('2026-11-27T09:15:00Z', 'Europe/Paris')).toBe('10:15');
  });

  it('falls back to London time for an unknown zone', () => {
    expect(formatTime('2026-06-01T08:15:00Z', 'Not/AZone')).toBe('09:15');
  });
});

describe('formatDateTime', () => {
  it('joins date and time with a comma', () => {
    expect(formatDateTime('2026-11-27T09:15:00Z')).toBe('Fri 27 Nov 2026, 09:15');
  });

  it('rolls the date over in local time, not UTC', () => {
    expect(formatDateTime('2026-06-30T23:30:00Z')).toBe('Wed 1 Jul 2026, 00:30');
  });

  it('returns an unparseable value unchanged', () => {
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('formatOptionalDateTime', () => {
  it('uses the placeholder for null', () => {
    expect(formatOptionalDateTime(null, 'Not yet')).toBe('Not yet');
    expect(formatOptionalDateTime('2026-11-27T09:15:00Z', 'Not yet')).toBe('Fri 27 Nov 2026, 09:15');
  });
});

describe('participantName', () => {
  it('puts the given name first', () => {
    expect(participantName({ givenName: 'Jane', familyName: 'Smith' })).toBe('Jane Smith');
  });

  it('copes with a missing part', () => {
    expect(participantName({ givenName: '', familyName: 'Smith' })).toBe('Smith');
  });
});

describe('formatNextAttempt', () => {
  const now = new Date('2026-11-27T09:00:00Z');

  it('gives only the time when it is today in London', () => {
    expect(formatNextAttempt('2026-11-27T14:05:30Z', now)).toBe('Next attempt 14:05');
  });

  it('uses London time in summer, 24-hour', () => {
    expect(formatNextAttempt('2026-06-01T15:30:00Z', new Date('2026-06-01T08:00:00Z'))).toBe(
      'Next attempt 16:30',
    );
  });

  it('adds the date when it is another day in London', () => {
    expect(formatNextAttempt('2026-11-28T00:10:00Z', now)).toBe('Next attempt Sat 28 Nov 2026, 00:10');
    // 23:30 UTC on 1 June is already 2 June in London (BST).
    expect(formatNextAttempt('2026-06-01T23:30:00Z', new Date('2026-06-01T12:00:00Z'))).toBe(
      'Next attempt Tue 2 Jun 2026, 00:30',
    );
  });
});

describe('formatRoundTrip', () => {
  it('keeps one decimal below a millisecond and whole numbers above', () => {
    expect(formatRoundTrip(0.4)).toBe('0.4 ms');
    expect(formatRoundTrip(0.44)).toBe('0.4 ms');
    expect(formatRoundTrip(0.96)).toBe('1 ms');
    expect(formatRoundTrip(3)).toBe('3 ms');
    expect(formatRoundTrip(12.4)).toBe('12 ms');
    expect(formatRoundTrip(1530)).toBe('1,530 ms');
  });

  it('does not show a misleading zero', () => {
    expect(formatRoundTrip(0.01)).toBe('Under 0.1 ms');
    expect(formatRoundTrip(Number.NaN)).toBe('Unknown');
  });
});

describe('formatTimeOnDay', () => {
  it('gives only the time for an instant on that day in London', () => {
    // 09:12 BST on a summer clinic day.
    expect(formatTimeOnDay('2026-07-01T08:12:00Z', '2026-07-01')).toBe('09:12');
    // 00:30 BST is still the clinic day, though it is the day before in UTC.
    expect(formatTimeOnDay('2026-06-30T23:30:00Z', '2026-07-01')).toBe('00:30');
  });

  it('adds the date for an instant on another day', () => {
    expect(formatTimeOnDay('2026-11-26T17:40:00Z', '2026-11-27')).toBe('Thu 26 Nov 2026, 17:40');
  });

  it('falls back to the date and time when the day is not a date', () => {
    expect(formatTimeOnDay('2026-11-27T09:15:00Z', 'soon')).toBe('Fri 27 Nov 2026, 09:15');
  });
});
