/**
 * Clinic-local date/time rendering for DICOM, HL7 v2 and FHIR.
 *
 * Why this exists: the production gateway stored scheduled times in UTC, so during British Summer
 * Time a 00:30 appointment appeared on the previous day's worklist and every time was an hour off.
 * Modalities match worklist dates/times as local wall-clock values, so we convert the UTC instant to
 * the clinic's IANA zone here, once, and every builder uses the same rule.
 *
 * Only `Intl.DateTimeFormat` is used (no tz database copies, no clock): the offset is derived from
 * the wall-clock parts Intl reports for the instant, so it is right on transition days as well.
 */
import { dicomDateTime, offsetMinutesOf, wallClock, type WallClock } from 'modality-link-protocol';
import { boundedMemo } from '../../support/bounded-memo';
import { BuilderError } from './builder-error';

/** Wall-clock parts of one instant in one zone. */
export interface LocalDateTime {
  /** YYYYMMDD (DICOM DA). */
  date: string;
  /** HHMMSS (DICOM TM, whole seconds; sub-second precision is deliberately dropped). */
  time: string;
  /** Minutes east of UTC in force at that instant, e.g. 60 in BST, 0 in GMT. */
  offsetMinutes: number;
}

// Strict ISO 8601 with a mandatory zone designator: a timestamp without one is a local time of
// unknown zone, which is exactly the ambiguity this module exists to remove.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an ISO 8601 instant to epoch milliseconds, truncated to whole seconds.
 * Rejects impossible calendar values (Date.parse would roll 30 February into March).
 */
export function parseIsoInstant(iso: string, field = 'instant'): number {
  const m = ISO_INSTANT.exec(iso);
  if (!m) throw new BuilderError(field, `"${iso}" is not an ISO 8601 date-time with Z or an offset`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  const exact =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  if (!exact || y < 1000) throw new BuilderError(field, `"${iso}" is not a real calendar date-time`);
  const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return ms - offset * 60_000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The wall-clock date, time and UTC offset of `isoInstant` in `timeZone`. Each of a send's builders reads
 * the same instants (the slot's start, the order's creation) in the same zone, and ICU's reading is the
 * costly part, so a reading is made once (the field name only ever appears in an error, never remembered).
 */
export const toLocalDateTime: (
  isoInstant: string,
  timeZone: string,
  field?: string,
) => Readonly<LocalDateTime> = boundedMemo(
  64,
  (isoInstant, timeZone) => `${timeZone} ${isoInstant}`,
  readLocalDateTime,
);

function readLocalDateTime(isoInstant: string, timeZone: string, field = 'instant'): Readonly<LocalDateTime> {
  const instant = new Date(parseIsoInstant(isoInstant, field));
  let clock: WallClock;
  try {
    clock = wallClock(instant, timeZone);
  } catch {
    throw new BuilderError(`${field} (time zone)`, `"${timeZone}" is not a known IANA time zone`);
  }
  return Object.freeze({ ...dicomDateTime(clock), offsetMinutes: offsetMinutesOf(clock, instant) });
}

/** `+0100` (HL7 style) or `+01:00` (ISO/FHIR style). UTC is `+0000`, never `-0000`. */
export function formatOffset(offsetMinutes: number, withColon: boolean): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${withColon ? ':' : ''}${pad(abs % 60)}`;
}

/** DICOM DA/TM pair (YYYYMMDD, HHMMSS) in the clinic's local time. */
export function toDicomDateTime(
  isoInstant: string,
  timeZone: string,
  field?: string,
): { date: string; time: string } {
  const { date, time } = toLocalDateTime(isoInstant, timeZone, field);
  return { date, time };
}

/** HL7 v2 TS/DTM with offset: YYYYMMDDHHMMSS+ZZZZ, in the clinic's local time. */
export function toHl7Timestamp(isoInstant: string, timeZone: string, field?: string): string {
  const l = toLocalDateTime(isoInstant, timeZone, field);
  return `${l.date}${l.time}${formatOffset(l.offsetMinutes, false)}`;
}

/** FHIR dateTime (ISO 8601) with the clinic's offset, e.g. 2026-07-01T09:15:00+01:00. */
export function toFhirDateTime(isoInstant: string, timeZone: string, field?: string): string {
  const { date: d, time: t, offsetMinutes } = toLocalDateTime(isoInstant, timeZone, field);
  const ymd = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  const hms = `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
  return `${ymd}T${hms}${formatOffset(offsetMinutes, true)}`;
}

/** Checks a calendar date `YYYY-MM-DD` (e.g. a birth date) and returns DICOM/HL7 `YYYYMMDD`. */
export function isoDateToCompact(isoDate: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || y < 1000 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new BuilderError(field, `"${isoDate}" is not a real date in YYYY-MM-DD form`);
  }
  return `${m[1]}${m[2]}${m[3]}`;
}
