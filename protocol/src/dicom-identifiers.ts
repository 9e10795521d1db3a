import { z } from 'zod';

/**
 * Identifiers a modality matches on: accession numbers (SH), patient ids (LO) and AE titles (AE). Besides
 * their VR's length and repertoire, they must never hold a DICOM matching character: `*` and `?` are
 * C-FIND wildcards and `\` separates values (PS3.4 C.2.2.2), so a stored `*` is a query that matches
 * every item when a modality or a PACS echoes it back as a key. Control characters are refused too.
 * Messages name the rule, never the value (it may be patient data and end up in a log).
 */
export const IDENTIFIER_RULES = {
  accessionNumber: { vr: 'SH', max: 16 },
  patientId: { vr: 'LO', max: 64 },
  aeTitle: { vr: 'AE', max: 16 },
} as const;
export type IdentifierKind = keyof typeof IDENTIFIER_RULES;

export const DICOM_MATCHING_CHARACTERS = /[*?\\]/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What is wrong with `value` as this kind of identifier, or undefined when it is fine. */
export function identifierProblem(kind: IdentifierKind, value: string): string | undefined {
  const { vr, max } = IDENTIFIER_RULES[kind];
  if (value.trim() === '') return `must not be empty (DICOM ${vr})`;
  if ([...value].length > max) return `at most ${max} characters (DICOM ${vr})`;
  if (CONTROL.test(value)) return `no control characters (DICOM ${vr})`;
  if (DICOM_MATCHING_CHARACTERS.test(value))
    return `no DICOM matching characters (*, ? or \\) in an identifier (DICOM ${vr})`;
  // The default repertoire only: some systems count SH length in bytes, and HL7 receivers differ.
  if (!/^[\x20-\x7e]+$/.test(value)) return `printable ASCII only (DICOM ${vr})`;
  return undefined;
}

/** The same rule as a zod schema, for the wire format and the gateway config. */
export const dicomIdentifierSchema = (kind: IdentifierKind) =>
  z.string().superRefine((value, ctx) => {
    const problem = identifierProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
