import { z } from 'zod';

/**
 * Scheduled date and time for DICOM are in the gateway's local time zone (the modality shows them as
 * they are). The production contract (`nhs-gateway/1`) sends them in UTC, so they are converted here,
 * once, before the item is stored (ADR 0019). `modality-link/1` already sends local time.
 */
export const DEFAULT_WORKLIST_TIME_ZONE = 'Europe/London';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for the zone, or undefined when the runtime does not know it as an IANA zone. */
function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(zone);
  if (cached) return cached;
  // Area/Location names only (and UTC). Intl also takes fixed offsets, which have no summer time, and
  // legacy abbreviations, which mislead: it reads "BST" as Bangladesh, not British Summer Time.
  if (!/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return undefined;
  try {
    const formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
    return formatter;
  } catch {
    return undefined;
  }
}

export const ianaTimeZoneSchema = z
  .string()
  .refine(
    (zone) => formatterFor(zone) !== undefined,
    'an IANA time zone name such as Europe/London (not an offset or abbreviation)',
  );

export interface ScheduledAt {
  /** DICOM DA, `YYYYMMDD`. */
  date: string;
  /** DICOM TM, `HHMMSS`. */
  time: string;
}

/** An instant as DICOM DA and TM in `zone` (an IANA name; anything else throws). */
export function dicomDateTimeIn(instant: Date, zone: string): ScheduledAt {
  const formatter = formatterFor(zone);
  if (!formatter) throw new Error(`Unknown time zone ${zone}`);
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value.padStart(type === 'year' ? 4 : 2, '0') ?? '';
  return {
    date: `${part('year')}${part('month')}${part('day')}`,
    time: `${part('hour')}${part('minute')}${part('second')}`,
  };
}

/**
 * A UTC `YYYYMMDD` + `HHMMSS` as the same instant in `zone`, or undefined when the date is not on the
 * calendar (20260231). Around midnight the local date differs: 23:30 UTC on 14 June is 00:30 on 15 June
 * in British Summer Time.
 */
export function utcToZone(utc: ScheduledAt, zone: string): ScheduledAt | undefined {
  const [year, month, day] = [utc.date.slice(0, 4), utc.date.slice(4, 6), utc.date.slice(6, 8)].map(Number);
  const [hour, minute, second] = [utc.time.slice(0, 2), utc.time.slice(2, 4), utc.time.slice(4, 6)].map(
    Number,
  );
  const instant = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second));
  // Date.UTC rolls 31 February over into March; such a date was never a real appointment.
  if (
    instant.getUTCFullYear() !== year ||
    instant.getUTCMonth() !== month! - 1 ||
    instant.getUTCDate() !== day
  )
    return undefined;
  return dicomDateTimeIn(instant, zone);
}
