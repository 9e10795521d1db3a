import { z } from 'zod';
import { dicomIdentifierSchema } from './dicom-identifiers';

/**
 * `parameters.worklist_item` of `worklist.create_item`: field-compatible with the production gateway.
 * The scheduled date and time are in the clinic's local time under `modality-link/1` and `poc-five`,
 * and in UTC under `nhs-gateway/1`, as production's contract says (ADR 0018). The desktop app builds
 * it and the gateway validates it against this one schema.
 */
// eslint-disable-next-line no-control-regex -- DICOM text must not carry control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
const maxChars = (n: number) => (s: string) => [...s].length <= n;

/** DICOM SH/LO/AE-style text: length in characters (not UTF-16 units), no `\`, no controls. */
const dicomText = (max: number, vr: string) =>
  z
    .string()
    .refine((s) => s.trim() !== '', `must not be empty (DICOM ${vr})`)
    .refine(maxChars(max), `at most ${max} characters (DICOM ${vr})`)
    .refine((s) => !s.includes('\\') && !CONTROL.test(s), `no backslash or control characters (DICOM ${vr})`);

export const dicomDateSchema = z.string().regex(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'YYYYMMDD');
export const dicomTimeSchema = z.string().regex(/^([01]\d|2[0-3])[0-5]\d[0-5]\d$/, 'HHMMSS');
/** The key that joins worklist, MPPS, images and the RIS: DICOM SH, ASCII, no matching characters. */
export const accessionNumberSchema = dicomIdentifierSchema('accessionNumber');

export const worklistItemSchema = z.object({
  accession_number: accessionNumberSchema,
  participant: z.object({
    nhs_number: z.string().regex(/^\d{10}$/, '10 digits'),
    /** DICOM PN `FAMILY^GIVEN`: one component group, no `=` or `\`. */
    name: z
      .string()
      .refine(maxChars(64), 'at most 64 characters (DICOM PN component group)')
      .refine((s) => !/[=\\]/.test(s) && !CONTROL.test(s), 'no = or \\ or control characters (DICOM PN)')
      .regex(/^[^^]+(\^[^^]*)?$/, 'FAMILY^GIVEN'),
    birth_date: dicomDateSchema,
    /** DICOM Patient's Sex; empty means unknown (DICOM type 2), not "other". */
    sex: z.enum(['F', 'M', 'O', '']),
  }),
  scheduled: z.object({ date: dicomDateSchema, time: dicomTimeSchema }),
  procedure: z.object({
    modality: z.string().regex(/^[A-Z0-9_ ]{1,16}$/, 'DICOM CS'),
    study_description: dicomText(64, 'LO'),
  }),
  scheduled_station_ae_title: dicomIdentifierSchema('aeTitle').optional(),
});

export type WorklistItemParameters = z.infer<typeof worklistItemSchema>;

export const WORKLIST_STATUSES = ['SCHEDULED', 'IN PROGRESS', 'COMPLETED', 'DISCONTINUED'] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];
