import { z } from 'zod';
import { dicomDateTime, wallClock } from 'modality-link-protocol';

/**
 * Scheduled date and time for DICOM are in the gateway's local time zone (the modality shows them as
 * they are). The production contract (`nhs-gateway/1`) sends them in UTC, so they are converted here,
 * once, before the item is stored (ADR 0019). `modality-link/1` already sends local time.
 */
export const DEFAULT_WORKLIST_TIME_ZONE = 'Europe/London';

const knownZones = new Set<string>();

/** Whether `zone` is an IANA Area/Location name (or UTC) the runtime knows; remembered once known. */
function isIanaZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  // Area/Location names only (and UTC). Intl also takes fixed offsets, which have no summer time, and
  // legacy abbreviations, which mislead: it reads "BST" as Bangladesh, not British Summer Time.
  if (!/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  try {
    wallClock(new Date(0), zone);
    knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}

export const ianaTimeZoneSchema = z
  .string()
  .refine(isIanaZone, 'an IANA time zone name such as Europe/London (not an offset or abbreviation)');

export interface ScheduledAt {
  /** DICOM DA, `YYYYMMDD`. */
  date: string;
  /** DICOM TM, `HHMMSS`. */
  time: string;
}

/** An instant as DICOM DA and TM in `zone` (an IANA name; anything else throws). */
export function dicomDateTimeIn(instant: Date, zone: string): ScheduledAt {
  if (!isIanaZone(zone)) throw new Error(`Unknown time zone ${zone}`);
  return dicomDateTime(wallClock(instant, zone));
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
