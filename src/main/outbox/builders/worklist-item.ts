/**
 * `parameters.worklist_item` of a `worklist.create_item` relay action, field-compatible with the
 * production gateway. The scheduled date/time is in the clinic's local time for our gateway, and in
 * UTC for `nhs-gateway/1`, whose contract says UTC (ADR 0018).
 *
 * The zod schema lives in the shared wire-protocol module, so the gateway validates exactly what
 * the desktop app builds.
 */
import { worklistItemSchema, type WorklistItemParameters } from 'modality-link-protocol';
import {
  checkAccessionNumber,
  checkAeTitle,
  checkCodeString,
  checkLongString,
  checkNhsNumber,
  dicomPersonName,
} from './field-rules';
import { isoDateToCompact, toDicomDateTime } from './local-time';
import type { OrderContext } from './order-context';

const DICOM_SEX: Record<OrderContext['participant']['sex'], WorklistItemParameters['participant']['sex']> = {
  female: 'F',
  male: 'M',
  other: 'O',
  unknown: '',
};

/** Builds the worklist item for `worklist.create_item`; throws BuilderError on unsendable values. */
export function buildWorklistCreateItem(ctx: OrderContext): WorklistItemParameters {
  const { participant: p, procedure } = ctx;
  // The slot start is an instant: UTC is read straight off it, local time through the clinic's zone.
  const zone = ctx.scheduledTimes === 'utc' ? 'UTC' : ctx.clinic.timeZone;
  const scheduled = toDicomDateTime(ctx.appointment.startsAt, zone, 'appointment.startsAt');
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

export { worklistItemSchema, type WorklistItemParameters };
