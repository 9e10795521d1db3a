import { randomBytes } from 'node:crypto';
import type { WorklistItemParameters } from 'modality-link-protocol';
import { DEFAULT_WORKLIST_TIME_ZONE, dicomDateTimeIn } from '../worklist/scheduled-time';

/**
 * `worklist.create_test_item`: a synthetic item for checking a modality's worklist query end to end
 * (production has the same action). The participant is an obvious test patient (NHS number 999…,
 * reserved for testing); scheduled now in the clinic's local time.
 */
export function testWorklistItem(partial: Partial<WorklistItemParameters>): WorklistItemParameters {
  const { date, time } = dicomDateTimeIn(new Date(), DEFAULT_WORKLIST_TIME_ZONE);
  return {
    accession_number: partial.accession_number ?? `TST${date}${randomBytes(2).toString('hex').toUpperCase()}`,
    participant: partial.participant ?? {
      nhs_number: '9999999999',
      name: 'TEST^PATIENT',
      birth_date: '19700101',
      sex: 'F',
    },
    scheduled: partial.scheduled ?? { date, time },
    procedure: partial.procedure ?? { modality: 'MG', study_description: 'Test worklist item' },
    ...(partial.scheduled_station_ae_title
      ? { scheduled_station_ae_title: partial.scheduled_station_ae_title }
      : {}),
  };
}
