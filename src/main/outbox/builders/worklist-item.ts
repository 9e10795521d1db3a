/**
 * `parameters.worklist_item` of a `worklist.create_item` relay action, field-compatible with the
 * production gateway, but with scheduled date/time in the clinic's local time (production stored
 * UTC and put BST appointments after 23:00 UTC on the wrong day).
 *
 * The zod schema lives in the shared wire-protocol module, so the gateway validates exactly what
 * the desktop app builds.
 */
import { worklistItemSchema, type WorklistItemParameters } from '../../../shared/protocol/worklist-item';
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

export { worklistItemSchema, type WorklistItemParameters };
