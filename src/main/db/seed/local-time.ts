import { offsetMinutesOf, wallClock } from 'modality-link-protocol';
import { boundedMemo } from '../../support/bounded-memo';

/**
 * Converts a wall-clock time in an IANA zone to a UTC instant. Clinics are planned in local time
 * (09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer), so slots are created this way.
 */
function offsetMinutes(utcMillis: number, timeZone: string): number {
  const instant = new Date(utcMillis);
  return offsetMinutesOf(wallClock(instant, timeZone), instant);
}

export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset even when the first guess lands on the other side of a DST change.
  let utc = wall - offsetMinutes(wall, timeZone) * 60_000;
  utc = wall - offsetMinutes(utc, timeZone) * 60_000;
  return new Date(utc);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * The demo's clinic days: `from` itself whatever the weekday, then the next working days (Mon–Fri), `count`
 * in all. Today always has a clinic, so the demo started on a Saturday still has a day to work (and
 * screening clinics do run on Saturdays); only the days after it skip weekends.
 */
export function clinicDays(from: string, count: number): string[] {
  const days: string[] = [];
  const cursor = new Date(`${from}T12:00:00Z`);
  while (days.length < count) {
    const dow = cursor.getUTCDay();
    if (days.length === 0 || (dow !== 0 && dow !== 6)) days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** The instant a local calendar day ends (the next local midnight), e.g. the end of a clinic day. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(endOfLocalDayMs(date, timeZone));
}

// Every send of a clinic asks for the same day's end, and each answer costs two ICU readings.
const endOfLocalDayMs = boundedMemo(
  64,
  (date: string, timeZone: string) => `${timeZone} ${date}`,
  (date: string, timeZone: string) => {
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return zonedTimeToUtc(next.toISOString().slice(0, 10), '00:00', timeZone).getTime();
  },
);
