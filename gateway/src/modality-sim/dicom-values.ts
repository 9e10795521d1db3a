import { randomUUID } from 'node:crypto';
import { dicomDateTimeIn } from '../worklist/scheduled-time';

/**
 * Values a modality makes up as it works: UIDs and the local date and time. The clinic's clock is
 * Europe/London (see shared reference: UTC dates break around midnight in British Summer Time), so the
 * worklist is queried for the London date, and performed-step and image dates are London dates too.
 */
export const CLINIC_TIME_ZONE = 'Europe/London';

/** PS3.5 B.2: `2.25.` + a random UUID as an unsigned decimal integer (≤ 44 characters, no org root). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}

export interface DicomDateTime {
  /** DA, YYYYMMDD. */
  date: string;
  /** TM, HHMMSS. */
  time: string;
}

export function localDateTime(now: Date, timeZone = CLINIC_TIME_ZONE): DicomDateTime {
  return dicomDateTimeIn(now, timeZone);
}

/**
 * PatientAge (AS, e.g. `058Y`) on a study date, from a YYYYMMDD birth date; empty when the birth date is
 * missing or malformed, since the attribute is optional and a wrong age is worse than none.
 */
export function patientAge(birthDate: string, onDate: string): string {
  const birth = /^(\d{4})(\d{2})(\d{2})$/.exec(birthDate);
  const on = /^(\d{4})(\d{2})(\d{2})$/.exec(onDate);
  if (!birth || !on) return '';
  let years = Number(on[1]) - Number(birth[1]);
  if (`${on[2]}${on[3]}` < `${birth[2]}${birth[3]}`) years -= 1;
  return years >= 0 && years < 1000 ? `${String(years).padStart(3, '0')}Y` : '';
}
