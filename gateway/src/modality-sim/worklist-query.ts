import { exchange, finalResponse, type Peer } from './association';
import { localDateTime } from './dicom-values';
import { dimse, isSuccessOrWarning, STATUS, statusText, UID, type Elements } from './dimse';
import type { SimulatorOptions } from './options';

/**
 * Step 1 at the modality: the radiographer opens the worklist. A Modality Worklist C-FIND (PS3.4 K) for
 * today's scheduled steps on this station (ScheduledStationAETitle = our AE) with modality MG, asking for
 * exactly the return keys a mammography unit uses to fill its study, its MPPS and its image headers.
 */
export interface WorklistItem {
  accessionNumber: string;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyInstanceUid: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string;
  scheduledProcedureStepId: string;
  scheduledProcedureStepDescription: string;
  scheduledDate: string;
  scheduledTime: string;
  scheduledStationAeTitle: string;
  modality: string;
}

/** What a worklist query needs: the simulator's options, or the gateway's own check (ADR 0025). */
export type WorklistQueryOptions = Pick<
  SimulatorOptions,
  'host' | 'mwlPort' | 'mwlAe' | 'ae' | 'anyStation' | 'date' | 'accession' | 'timeoutMs'
>;

export const worklistPeer = (options: WorklistQueryOptions): Peer => ({
  host: options.host,
  port: options.mwlPort,
  calledAe: options.mwlAe,
  callingAe: options.ae,
});

/** The C-FIND identifier: matching keys carry values, return keys are empty (PS3.4 C.2.2.1). */
export function worklistIdentifier(options: WorklistQueryOptions, now: Date = new Date()): Elements {
  return {
    // Our query values are ASCII; declaring UTF-8 lets the answer carry names such as Siân or Zoë.
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: '',
    PatientID: '',
    PatientBirthDate: '',
    PatientSex: '',
    AccessionNumber: options.accession ?? '',
    StudyInstanceUID: '',
    RequestedProcedureID: '',
    RequestedProcedureDescription: '',
    ScheduledProcedureStepSequence: [
      {
        Modality: 'MG',
        ScheduledStationAETitle: options.anyStation ? '' : options.ae,
        ScheduledProcedureStepStartDate: options.date ?? localDateTime(now).date,
        ScheduledProcedureStepStartTime: '',
        ScheduledProcedureStepDescription: '',
        ScheduledProcedureStepID: '',
      },
    ],
  };
}

/** An element's value as text: dcmjs gives strings, numbers, arrays, or `{Alphabetic}` for PN. */
function text(elements: Elements | undefined, key: string): string {
  const value = elements?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return '';
  if (typeof first === 'object') return String((first as { Alphabetic?: unknown }).Alphabetic ?? '');
  return String(first).trim();
}

function firstItem(elements: Elements, key: string): Elements | undefined {
  const value = elements[key];
  const item = Array.isArray(value) ? value[0] : value;
  return item && typeof item === 'object' ? (item as Elements) : undefined;
}

export function toWorklistItem(elements: Elements): WorklistItem {
  const step = firstItem(elements, 'ScheduledProcedureStepSequence');
  return {
    accessionNumber: text(elements, 'AccessionNumber'),
    patientName: text(elements, 'PatientName'),
    patientId: text(elements, 'PatientID'),
    patientBirthDate: text(elements, 'PatientBirthDate'),
    patientSex: text(elements, 'PatientSex'),
    studyInstanceUid: text(elements, 'StudyInstanceUID'),
    requestedProcedureId: text(elements, 'RequestedProcedureID'),
    requestedProcedureDescription: text(elements, 'RequestedProcedureDescription'),
    scheduledProcedureStepId: text(step, 'ScheduledProcedureStepID'),
    scheduledProcedureStepDescription: text(step, 'ScheduledProcedureStepDescription'),
    scheduledDate: text(step, 'ScheduledProcedureStepStartDate'),
    scheduledTime: text(step, 'ScheduledProcedureStepStartTime'),
    scheduledStationAeTitle: text(step, 'ScheduledStationAETitle'),
    modality: text(step, 'Modality'),
  };
}

export class WorklistQueryError extends Error {
  override name = 'WorklistQueryError';
}

/** The matching items, in the order the SCP sent them (ours: by scheduled time). */
export async function queryWorklist(
  options: WorklistQueryOptions,
  now: Date = new Date(),
): Promise<WorklistItem[]> {
  const request = new dimse.requests.CFindRequest();
  request.setAffectedSopClassUid(UID.modalityWorklistFind);
  request.setDataset(new dimse.Dataset(worklistIdentifier(options, now)));
  const [outcome] = await exchange(worklistPeer(options), [request], options.timeoutMs);
  if (!outcome?.accepted)
    throw new WorklistQueryError(`${options.mwlAe} does not offer Modality Worklist C-FIND`);
  const last = finalResponse(outcome);
  if (!last)
    throw new WorklistQueryError(`${options.mwlAe} closed the association without a final C-FIND response`);
  if (!isSuccessOrWarning(last.getStatus()))
    throw new WorklistQueryError(`C-FIND failed: ${statusText(last.getStatus())}`);
  return outcome.responses
    .filter((r) => r.getStatus() === STATUS.pending || r.getStatus() === STATUS.pendingWithWarning)
    .map((r) => toWorklistItem(r.getDataset()?.getElements() ?? {}));
}
