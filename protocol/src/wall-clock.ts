/**
 * The wall-clock reading of one instant in one IANA time zone, from `Intl` alone (no tz database copy):
 * the one place the app and the gateway turn instants into local dates and times, so the clinic's
 * slots, the orders built from them and the gateway's worklist all read a zone the same way.
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError when the runtime does not know `timeZone`. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `instant` as read on a clock in `timeZone`. Throws a RangeError for a zone the runtime does not know. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = NaN, month = NaN, day = NaN, minute = NaN, second = NaN } = parts;
  // Some ICU versions still report midnight as hour 24 despite h23; it is the same instant.
  return { year, month, day, hour: (parts.hour ?? NaN) % 24, minute, second };
}

/**
 * Minutes east of UTC that a reading of `instant` shows (60 in British Summer Time): the wall clock read
 * as if it were UTC, less the real instant. Exact on the days the clocks change.
 */
export function offsetMinutesOf(w: WallClock, instant: Date): number {
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wallAsUtc - instant.getTime()) / 60_000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** DICOM DA and TM (`YYYYMMDD`, `HHMMSS`) of a wall-clock reading. */
export function dicomDateTime(w: WallClock): { date: string; time: string } {
  return {
    date: `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}`,
    time: `${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`,
  };
}
