import { z } from 'zod';
import { dicomIdentifierSchema } from './dicom-identifiers';
import {
  DICOM_CS,
  DICOM_DATE,
  DICOM_TIME,
  dicomTextCharactersOk,
  maxChars,
  NHS_NUMBER,
  notBlank,
  PERSON_NAME,
  personNameCharactersOk,
} from './dicom-text-rules';

/** DICOM SH/LO/AE-style text: length in characters (not UTF-16 units), no `\`, no controls. */
const dicomText = (max: number, vr: string) =>
  z
    .string()
    .refine(notBlank, `must not be empty (DICOM ${vr})`)
    .refine(maxChars(max), `at most ${max} characters (DICOM ${vr})`)
    .refine(dicomTextCharactersOk, `no backslash or control characters (DICOM ${vr})`);

export const dicomDateSchema = z.string().regex(DICOM_DATE, 'YYYYMMDD');
export const dicomTimeSchema = z.string().regex(DICOM_TIME, 'HHMMSS');
/** The key that joins worklist, MPPS, images and the RIS: DICOM SH, ASCII, no matching characters. */
export const accessionNumberSchema = dicomIdentifierSchema('accessionNumber');

/**
 * `parameters.worklist_item` of `worklist.create_item`: field-compatible with the production gateway.
 * The scheduled date and time are in the clinic's local time under `modality-link/1` and `poc-five`,
 * and in UTC under `nhs-gateway/1`, as production's contract says (ADR 0018). The desktop app builds
 * it and the gateway validates it against this one schema.
 */
export const worklistItemSchema = z.object({
  accession_number: accessionNumberSchema,
  participant: z.object({
    nhs_number: z.string().regex(NHS_NUMBER, '10 digits'),
    /** DICOM PN `FAMILY^GIVEN`: one component group, no `=` or `\`. */
    name: z
      .string()
      .refine(maxChars(64), 'at most 64 characters (DICOM PN component group)')
      .refine(personNameCharactersOk, 'no = or \\ or control characters (DICOM PN)')
      .regex(PERSON_NAME, 'FAMILY^GIVEN'),
    birth_date: dicomDateSchema,
    /** DICOM Patient's Sex; empty means unknown (DICOM type 2), not "other". */
    sex: z.enum(['F', 'M', 'O', '']),
  }),
  scheduled: z.object({ date: dicomDateSchema, time: dicomTimeSchema }),
  procedure: z.object({
    modality: z.string().regex(DICOM_CS, 'DICOM CS'),
    study_description: dicomText(64, 'LO'),
  }),
  scheduled_station_ae_title: dicomIdentifierSchema('aeTitle').optional(),
});

export type WorklistItemParameters = z.infer<typeof worklistItemSchema>;

export const WORKLIST_STATUSES = ['SCHEDULED', 'IN PROGRESS', 'COMPLETED', 'DISCONTINUED'] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];
