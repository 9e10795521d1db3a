/**
 * Dates and times as NHS staff read them: `Fri 27 Nov 2026, 09:15`, 24-hour, in the clinic's time
 * zone (Europe/London unless the clinic says otherwise).
 *
 * Intl does the time-zone arithmetic (including BST changes), but we only ask it for numbers and
 * spell the names ourselves: ICU versions disagree on en-GB text ("Sept" vs "Sep", a comma after
 * the weekday), and Electron, Chromium and Node each ship their own ICU.
 */
import { wallClock, type WallClock } from 'modality-link-protocol';

export const DEFAULT_TIME_ZONE = 'Europe/London';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The clinic's wall clock (the protocol's one zone reading, shared with main and the gateway). */
function localParts(instant: Date, timeZone: string): WallClock {
  try {
    return wallClock(instant, timeZone);
  } catch {
    // An unknown zone from the server must not blank the screen: show London time instead.
    return wallClock(instant, DEFAULT_TIME_ZONE);
  }
}

function parseInstant(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `YYYY-MM-DD` → parts, without going through a time zone (a date of birth has none). */
function parseCalendarDate(value: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function weekdayOf(year: number, month: number, day: number): string {
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] ?? '';
}

function dayMonthYear(year: number, month: number, day: number): string {
  return `${day} ${MONTHS[month - 1] ?? ''} ${year}`;
}

/** A calendar date such as a clinic date: `2026-11-27` → `Fri 27 Nov 2026`. */
export function formatDate(isoDate: string): string {
  const d = parseCalendarDate(isoDate);
  if (!d) return isoDate;
  return `${weekdayOf(d.year, d.month, d.day)} ${dayMonthYear(d.year, d.month, d.day)}`;
}

/** A date of birth, without a weekday: `1961-03-12` → `12 Mar 1961`. */
export function formatDateOfBirth(isoDate: string): string {
  const d = parseCalendarDate(isoDate);
  return d ? dayMonthYear(d.year, d.month, d.day) : isoDate;
}

/** Time of day of an instant, 24-hour: `09:15`. */
export function formatTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = parseInstant(instant);
  if (!date) return instant;
  const p = localParts(date, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Date and time of an instant: `Fri 27 Nov 2026, 09:15`. */
export function formatDateTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = parseInstant(instant);
  if (!date) return instant;
  const p = localParts(date, timeZone);
  return `${weekdayOf(p.year, p.month, p.day)} ${dayMonthYear(p.year, p.month, p.day)}, ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * An instant on a day's timeline: just `09:15` when it falls on that calendar day (a clinic's date)
 * in the zone, the full `Thu 26 Nov 2026, 17:40` when it does not (a message sent the evening before).
 */
export function formatTimeOnDay(
  instant: string,
  isoDate: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const date = parseInstant(instant);
  const day = parseCalendarDate(isoDate);
  if (!date || !day) return formatDateTime(instant, timeZone);
  const p = localParts(date, timeZone);
  const sameDay = p.year === day.year && p.month === day.month && p.day === day.day;
  return sameDay ? formatTime(instant, timeZone) : formatDateTime(instant, timeZone);
}

/** A nullable instant for tables: the formatted date and time, or the given placeholder. */
export function formatOptionalDateTime(
  instant: string | null,
  placeholder: string,
  timeZone?: string,
): string {
  return instant ? formatDateTime(instant, timeZone) : placeholder;
}

/** "Jane Smith": the order staff say names aloud, used in tables and accessible names alike. */
export function participantName(participant: { givenName: string; familyName: string }): string {
  return [participant.givenName, participant.familyName].filter((part) => part.trim() !== '').join(' ');
}

/**
 * When a waiting message will be tried again: `Next attempt 14:05` today (in London time, as the
 * rest of the app), with the date as well when it is another day.
 */
export function formatNextAttempt(
  instant: string,
  now: Date = new Date(),
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const date = parseInstant(instant);
  if (!date) return `Next attempt ${instant}`;
  const then = localParts(date, timeZone);
  const today = localParts(now, timeZone);
  const sameDay = then.year === today.year && then.month === today.month && then.day === today.day;
  return `Next attempt ${sameDay ? formatTime(instant, timeZone) : formatDateTime(instant, timeZone)}`;
}

/**
 * A round trip through the relay: `0.4 ms` below a millisecond (a local relay is that fast), whole
 * milliseconds above (`12 ms`): nobody acts on a fraction of a slow answer.
 */
export function formatRoundTrip(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'Unknown';
  if (ms < 0.05) return 'Under 0.1 ms';
  const tenths = Math.round(ms * 10) / 10;
  if (tenths < 1) return `${tenths.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-GB')} ms`;
}
