import { formatNhsNumber, isValidNhsNumber } from '#shared/domain/nhs-number';

/**
 * One appointment as a file gives it, before checking: the CSV reader and the FHIR reader both produce
 * these, so every rule about what a valid row is lives here once.
 */
export interface RawRow {
  /** Where staff find it in the file: "Row 12" (CSV, header is row 1) or "Entry 3" (bundle). */
  where: string;
  clinicDate: string;
  clinicName: string;
  location: string;
  time: string;
  durationMinutes: string;
  nhsNumber: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  sex: string;
}

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** A row whose every field is valid and normalised: dates YYYY-MM-DD, time HH:MM, NHS number digits. */
export interface CheckedRow {
  where: string;
  clinicDate: string;
  clinicName: string;
  location: string;
  time: string;
  durationMinutes: number;
  nhsNumber: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  sex: Sex;
}

export const DEFAULT_SLOT_MINUTES = 15;
const SEX_CODES: Record<string, Sex> = { f: 'female', m: 'male', o: 'other', u: 'unknown' };

/** A value a spreadsheet would run as a formula (CSV injection) is refused rather than stored. */
const FORMULA_START = /^[=+\-@\t\r]/;
// Control characters (and bidirectional overrides) would hide or reorder what staff read.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

function checkText(label: string, value: string, max: number, problems: string[]): string {
  const text = value.trim();
  if (text === '') problems.push(`${label} is missing`);
  else if (FORMULA_START.test(text))
    problems.push(
      `${label} "${shown(text)}" looks like a spreadsheet formula; remove the ${text[0]} at its start`,
    );
  else if (CONTROL.test(text)) problems.push(`${label} contains a control character`);
  else if (text.length > max) problems.push(`${label} is longer than ${max} characters`);
  return text;
}

/** YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write it; null unless it is a real calendar date. */
export function normaliseDate(value: string): string | null {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : uk
      ? [uk[3], uk[2], uk[1]]
      : [undefined, undefined, undefined];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1) return null;
  return date.toISOString().slice(0, 10);
}

function checkDate(label: string, value: string, problems: string[]): string {
  if (value.trim() === '') {
    problems.push(`${label} is missing`);
    return '';
  }
  const date = normaliseDate(value);
  if (!date)
    problems.push(`${label} "${shown(value.trim())}" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY`);
  return date ?? '';
}

function checkTime(value: string, problems: string[]): string {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(value.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    problems.push(
      value.trim() === ''
        ? 'appointment time is missing'
        : `appointment time "${shown(value.trim())}" is not a 24-hour time such as 09:15`,
    );
    return '';
  }
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

function checkNhsNumber(value: string, problems: string[]): string {
  const digits = value.replace(/[\s-]/g, '');
  if (digits === '') problems.push('NHS number is missing');
  else if (!/^\d{10}$/.test(digits)) problems.push(`NHS number "${shown(value.trim())}" is not 10 digits`);
  else if (!isValidNhsNumber(digits))
    problems.push(`NHS number ${formatNhsNumber(digits)} fails its check digit`);
  return digits;
}

function checkSex(value: string, problems: string[]): Sex {
  const text = value.trim().toLowerCase();
  const sex = (SEXES as readonly string[]).includes(text) ? (text as Sex) : SEX_CODES[text];
  if (!sex) problems.push(`sex "${shown(value.trim())}" is not one of female, male, other or unknown`);
  return sex ?? 'unknown';
}

function checkDuration(value: string, problems: string[]): number {
  if (value.trim() === '') return DEFAULT_SLOT_MINUTES;
  const minutes = Number(value.trim());
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240) {
    problems.push(`slot length "${shown(value.trim())}" is not a whole number of minutes from 5 to 240`);
    return DEFAULT_SLOT_MINUTES;
  }
  return minutes;
}

/**
 * Checks every field of a row. Returns the normalised row, or every problem found in words staff can
 * act on ("Row 12: NHS number 943 476 5918 fails its check digit"), so one pass fixes the whole row.
 */
export function checkRow(raw: RawRow, today: string): { row: CheckedRow } | { problems: string[] } {
  const problems: string[] = [];
  const row: CheckedRow = {
    where: raw.where,
    clinicDate: checkDate('clinic date', raw.clinicDate, problems),
    clinicName: checkText('clinic name', raw.clinicName, 100, problems),
    location: checkText('location', raw.location, 200, problems),
    time: checkTime(raw.time, problems),
    durationMinutes: checkDuration(raw.durationMinutes, problems),
    nhsNumber: checkNhsNumber(raw.nhsNumber, problems),
    familyName: checkText('family name', raw.familyName, 100, problems),
    givenName: checkText('given name', raw.givenName, 100, problems),
    dateOfBirth: checkDate('date of birth', raw.dateOfBirth, problems),
    sex: checkSex(raw.sex, problems),
  };
  if (row.dateOfBirth && (row.dateOfBirth > today || row.dateOfBirth < '1900-01-01'))
    problems.push(`date of birth ${row.dateOfBirth} is not a plausible date of birth`);
  if (problems.length > 0) return { problems: problems.map((p) => `${raw.where}: ${p}`) };
  return { row };
}
