/**
 * Value rules shared by the builders. Each check throws a BuilderError naming the OrderContext
 * field, because a value the modality silently truncates or mis-parses (an accession cut at 16
 * characters, a name split at a stray `^`) attaches images to the wrong person or order.
 *
 * DICOM rules are from PS3.5 §6.2 (value representations). Control characters are refused
 * outright: DICOM only tolerates ESC (for ISO 2022 switching, which we never use with ISO_IR 192).
 */
import { DICOM_MATCHING_CHARACTERS, identifierProblem, type IdentifierKind } from 'modality-link-protocol';
import { BuilderError } from './builder-error';

// C0 controls and DEL. Tab/CR/LF are not allowed in SH/LO/CS/AE/PN either. Checked by code
// point rather than by regex so the rule is written once and reads plainly.
const isControl = (ch: string): boolean => {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || c === 0x7f;
};

export const hasControlChar = (value: string): boolean => [...value].some(isControl);

/**
 * Single-line form of free text: control characters (and any of `alsoReplace`) become spaces,
 * runs of spaces collapse, ends are trimmed. Used where a delimiter or line break inside a name
 * must not survive but the readable text should.
 */
export function toSingleLine(value: string, alsoReplace = ''): string {
  return [...value]
    .map((ch) => (isControl(ch) || alsoReplace.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function requireText(field: string, value: string, maxLength: number, vr: string): string {
  if (value.trim() === '') throw new BuilderError(field, `must not be empty (DICOM ${vr})`);
  // DICOM lengths count characters of the value; leading/trailing spaces are padding, not content.
  if ([...value].length > maxLength) {
    throw new BuilderError(
      field,
      `"${value}" is ${[...value].length} characters; DICOM ${vr} allows at most ${maxLength}`,
    );
  }
  if (value.includes('\\'))
    throw new BuilderError(field, `must not contain a backslash (DICOM ${vr} value delimiter)`);
  if (hasControlChar(value))
    throw new BuilderError(field, `must not contain control characters (DICOM ${vr})`);
  return value;
}

/** DICOM SH (Short String): ≤ 16 characters, no backslash, no control characters. */
export const checkShortString = (field: string, value: string): string => requireText(field, value, 16, 'SH');

/**
 * Accession number: DICOM SH, and additionally printable ASCII only. It is the key that joins the
 * worklist, MPPS, images and the RIS; some systems count SH length in bytes, and HL7 receivers
 * differ in character-set handling, so anything outside the DICOM default repertoire is refused.
 */
export function checkAccessionNumber(field: string, value: string): string {
  checkShortString(field, value);
  if (!/^[\x20-\x7e]+$/.test(value)) throw new BuilderError(field, `"${value}" must be printable ASCII`);
  return refuseMatchingCharacters(field, 'accessionNumber', value);
}

/**
 * `*` and `?` are C-FIND wildcards (a backslash is already refused above): a stored `*` accession would
 * match every item when echoed back as a query key. The shared rule, so the gateway refuses the same.
 */
function refuseMatchingCharacters(field: string, kind: IdentifierKind, value: string): string {
  const problem = identifierProblem(kind, value);
  if (problem && DICOM_MATCHING_CHARACTERS.test(value)) throw new BuilderError(field, problem);
  return value;
}

/** DICOM LO (Long String): ≤ 64 characters, no backslash, no control characters. */
export const checkLongString = (field: string, value: string): string => requireText(field, value, 64, 'LO');

/** DICOM AE (Application Entity title): ≤ 16 characters, no backslash or controls, not only spaces. */
export const checkAeTitle = (field: string, value: string): string =>
  refuseMatchingCharacters(field, 'aeTitle', requireText(field, value, 16, 'AE'));

/** DICOM CS (Code String): ≤ 16 of upper-case letters, digits, space and underscore. */
export function checkCodeString(field: string, value: string): string {
  if (!/^[A-Z0-9 _]{1,16}$/.test(value) || value.trim() === '') {
    throw new BuilderError(field, `"${value}" is not a DICOM CS code (1–16 of A–Z, 0–9, space, underscore)`);
  }
  return value;
}

/**
 * NHS number: 10 digits whose mod-11 check digit is valid (NHS Data Dictionary). Checked again
 * here, not only at data entry, because this is the identifier the modality matches images on.
 */
export function checkNhsNumber(field: string, value: string): string {
  if (!/^\d{10}$/.test(value)) throw new BuilderError(field, 'must be exactly 10 digits with no spaces');
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((acc, d, i) => acc + d * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  if (check === 10 || expected !== digits[9])
    throw new BuilderError(field, `"${value}" fails the NHS number check digit`);
  return value;
}

/** NHS ODS organisation code (trust `RXX`, site `RXX01`, practice `A81001`): 3–10 letters/digits. */
export function checkOdsCode(field: string, value: string): string {
  if (!/^[A-Z0-9]{3,10}$/.test(value))
    throw new BuilderError(field, `"${value}" is not an ODS code (3–10 of A–Z, 0–9)`);
  return value;
}

/**
 * One DICOM PN component (family or given name). PN has no escape mechanism, so the delimiters
 * `^` (component), `=` (component group) and `\` (value) are replaced with spaces rather than
 * dropped, keeping "Smith^Jones" readable as "Smith Jones". Case is kept as entered: upper-casing
 * is a display choice for the modality, and it would corrupt names like "McDonald".
 */
export function dicomPersonNameComponent(value: string): string {
  return toSingleLine(value, '^=\\');
}

/** DICOM PN `FAMILY^GIVEN`; the whole component group must fit in 64 characters. */
export function dicomPersonName(family: string, given: string): string {
  const f = dicomPersonNameComponent(family);
  const g = dicomPersonNameComponent(given);
  if (f === '') throw new BuilderError('participant.familyName', 'must not be empty');
  const name = g === '' ? f : `${f}^${g}`;
  if ([...name].length > 64) {
    throw new BuilderError(
      'participant.familyName',
      `"${name}" is longer than the 64 characters a DICOM PN component group allows`,
    );
  }
  return name;
}
