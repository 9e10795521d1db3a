/**
 * `parameters.worklist_item` of a `worklist.create_item` relay action, field-compatible with the
 * production gateway, but with scheduled date/time in the clinic's local time (production stored
 * UTC and put BST appointments after 23:00 UTC on the wrong day).
 *
 * The zod schema lives here for now; it belongs in the shared wire-protocol module once that
 * exists, so the gateway validates exactly what the desktop app builds.
 */
import { z } from 'zod';
import {
  checkAccessionNumber,
  checkAeTitle,
  checkCodeString,
  checkLongString,
  checkNhsNumber,
  dicomPersonName,
  hasControlChar,
} from './field-rules';
import { isoDateToCompact, toDicomDateTime } from './local-time';
import type { OrderContext } from './order-context';

const notBlank = (s: string) => s.trim() !== '';
const maxChars = (n: number) => (s: string) => [...s].length <= n;

/** DICOM SH/LO/AE-style text: length in characters (not UTF-16 units), no `\`, no controls. */
const dicomText = (max: number, vr: string) =>
  z
    .string()
    .refine(notBlank, `must not be empty (DICOM ${vr})`)
    .refine(maxChars(max), `at most ${max} characters (DICOM ${vr})`)
    .refine(
      (s) => !s.includes('\\') && !hasControlChar(s),
      `no backslash or control characters (DICOM ${vr})`,
    );

const yyyymmdd = z.string().regex(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'YYYYMMDD');
const hhmmss = z.string().regex(/^([01]\d|2[0-3])[0-5]\d[0-5]\d$/, 'HHMMSS');

export const worklistItemSchema = z.object({
  accession_number: dicomText(16, 'SH').regex(/^[\x20-\x7e]+$/, 'printable ASCII'),
  participant: z.object({
    nhs_number: z.string().regex(/^\d{10}$/, '10 digits'),
    /** DICOM PN `FAMILY^GIVEN`: one component group, no `=` or `\`. */
    name: z
      .string()
      .refine(maxChars(64), 'at most 64 characters (DICOM PN component group)')
      .refine((s) => !/[=\\]/.test(s) && !hasControlChar(s), 'no = or \\ or control characters (DICOM PN)')
      .regex(/^[^^]+(\^[^^]*)?$/, 'FAMILY^GIVEN'),
    birth_date: yyyymmdd,
    /** DICOM Patient's Sex; empty means unknown (DICOM type 2), not "other". */
    sex: z.enum(['F', 'M', 'O', '']),
  }),
  scheduled: z.object({ date: yyyymmdd, time: hhmmss }),
  procedure: z.object({
    modality: z.string().regex(/^[A-Z0-9_ ]{1,16}$/, 'DICOM CS'),
    study_description: dicomText(64, 'LO'),
  }),
  scheduled_station_ae_title: dicomText(16, 'AE').optional(),
});

export type WorklistItemParameters = z.infer<typeof worklistItemSchema>;

const DICOM_SEX: Record<OrderContext['participant']['sex'], WorklistItemParameters['participant']['sex']> = {
  female: 'F',
  male: 'M',
  other: 'O',
  unknown: '',
};

/** Builds the worklist item for `worklist.create_item`; throws BuilderError on unsendable values. */
export function buildWorklistCreateItem(ctx: OrderContext): WorklistItemParameters {
  const { participant: p, procedure } = ctx;
  const scheduled = toDicomDateTime(ctx.appointment.startsAt, ctx.clinic.timeZone, 'appointment.startsAt');
  const item: WorklistItemParameters = {
    accession_number: checkAccessionNumber('accessionNumber', ctx.accessionNumber),
    participant: {
      nhs_number: checkNhsNumber('participant.nhsNumber', p.nhsNumber),
      name: dicomPersonName(p.familyName, p.givenName),
      birth_date: isoDateToCompact(p.dateOfBirth, 'participant.dateOfBirth'),
      sex: DICOM_SEX[p.sex],
    },
    scheduled,
    procedure: {
      modality: checkCodeString('procedure.modality', procedure.modality),
      study_description: checkLongString('procedure.studyDescription', procedure.studyDescription),
    },
  };
  if (procedure.scheduledStationAeTitle !== undefined) {
    item.scheduled_station_ae_title = checkAeTitle(
      'procedure.scheduledStationAeTitle',
      procedure.scheduledStationAeTitle,
    );
  }
  return item;
}
