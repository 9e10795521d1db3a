import { items, text, type Elements } from '../return-path/dicom-values';
import { createProblem, finalStateFacts, setProblem, type FinalStateFacts } from './mpps-rules';

/**
 * What the MPPS SCP reads from an N-CREATE attribute list or an N-SET modification list (PS3.4 F.7.2,
 * PS3.3 C.4.13-C.4.16): the status, the accession numbers of the scheduled steps performed, and a few
 * facts kept for support. Patient attributes in the request are never read.
 */
export const MPPS_STATUS = {
  success: 0x0000,
  invalidAttributeValue: 0x0106,
  processingFailure: 0x0110,
  duplicateSopInstance: 0x0111,
  noSuchObjectInstance: 0x0112,
  noSuchSopClass: 0x0118,
  missingAttribute: 0x0120,
  missingAttributeValue: 0x0121,
} as const;

/** PS3.4 Table F.7.2-2: the Error ID sent with 0110 when a finished step is set again. */
export const MAY_NO_LONGER_BE_UPDATED = {
  errorId: 0xa710,
  comment: 'Performed Procedure Step Object may no longer be updated',
} as const;

export type PpsStatus = 'IN PROGRESS' | 'COMPLETED' | 'DISCONTINUED';
const PPS_STATUSES: readonly string[] = ['IN PROGRESS', 'COMPLETED', 'DISCONTINUED'];

export interface Refusal {
  ok: false;
  status: number;
  /** Plain words for the Error Comment (≤ 64 characters): names the attribute, never its value. */
  comment: string;
}

export interface CreateAttributes {
  ok: true;
  accession: string;
  performedStationAe: string | null;
  stepId: string | null;
  started: string | null;
}

export interface SetAttributes {
  ok: true;
  /** Absent when the N-SET only adds attributes while the step stays IN PROGRESS. */
  status: PpsStatus | undefined;
  ended: string | null;
  reason: string | undefined;
  referencedImages: number | undefined;
  /** What this N-SET brings towards the Final State requirements (checked against the stored step). */
  final: FinalStateFacts;
}

const refuse = (status: number, comment: string): Refusal => ({ ok: false, status, comment });
const orNull = (value: string): string | null => (value === '' ? null : value);

function readStatus(elements: Elements): PpsStatus | undefined | Refusal {
  if (!('PerformedProcedureStepStatus' in elements)) return undefined;
  const value = text(elements.PerformedProcedureStepStatus).toUpperCase();
  if (!PPS_STATUSES.includes(value))
    return refuse(MPPS_STATUS.invalidAttributeValue, 'PerformedProcedureStepStatus is not a valid value');
  return value as PpsStatus;
}

const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as Refusal).ok === false;

const dateTime = (date: unknown, time: unknown): string | null =>
  orNull([text(date), text(time)].filter((t) => t !== '').join(' '));

/** N-CREATE: the status must be IN PROGRESS and exactly one accession number must be named. */
export function readCreate(elements: Elements): CreateAttributes | Refusal {
  const status = readStatus(elements);
  if (isRefusal(status)) return status;
  if (status === undefined)
    return refuse(MPPS_STATUS.missingAttribute, 'PerformedProcedureStepStatus is missing');
  if (status !== 'IN PROGRESS')
    return refuse(MPPS_STATUS.invalidAttributeValue, 'PerformedProcedureStepStatus must be IN PROGRESS');
  if (!('ScheduledStepAttributesSequence' in elements))
    return refuse(MPPS_STATUS.missingAttribute, 'ScheduledStepAttributesSequence is missing');
  if (items(elements.ScheduledStepAttributesSequence).length === 0)
    return refuse(MPPS_STATUS.missingAttributeValue, 'ScheduledStepAttributesSequence has no item');
  const problem = createProblem(elements);
  if (problem) return refuse(problem.status, problem.comment);
  const accessions = new Set(
    items(elements.ScheduledStepAttributesSequence)
      .map((item) => text(item.AccessionNumber))
      .filter((a) => a !== ''),
  );
  if (accessions.size === 0)
    return refuse(MPPS_STATUS.processingFailure, 'No accession number: unscheduled steps are not supported');
  if (accessions.size > 1)
    return refuse(MPPS_STATUS.processingFailure, 'One accession number per performed step is supported');
  return {
    ok: true,
    accession: [...accessions][0]!,
    performedStationAe: orNull(text(elements.PerformedStationAETitle)),
    stepId: orNull(text(elements.PerformedProcedureStepID)),
    started: dateTime(elements.PerformedProcedureStepStartDate, elements.PerformedProcedureStepStartTime),
  };
}

/** N-SET: any status present must be valid; a discontinuation reason is read as plain words. */
export function readSet(elements: Elements): SetAttributes | Refusal {
  const status = readStatus(elements);
  if (isRefusal(status)) return status;
  const problem = setProblem(elements);
  if (problem) return refuse(problem.status, problem.comment);
  const series = items(elements.PerformedSeriesSequence);
  return {
    ok: true,
    status,
    ended: dateTime(elements.PerformedProcedureStepEndDate, elements.PerformedProcedureStepEndTime),
    reason: discontinuationReason(elements.PerformedProcedureStepDiscontinuationReasonCodeSequence),
    referencedImages:
      series.length === 0
        ? undefined
        : series.reduce((n, s) => n + items(s.ReferencedImageSequence).length, 0),
    final: finalStateFacts(elements),
  };
}

/** The coded reason as the modality put it: code meaning, else `scheme code`; at most 200 characters. */
function discontinuationReason(raw: unknown): string | undefined {
  const code = items(raw)[0];
  if (!code) return undefined;
  const meaning = text(code.CodeMeaning);
  const value = text(code.CodeValue);
  const scheme = text(code.CodingSchemeDesignator);
  const reason = meaning || [scheme, value].filter((t) => t !== '').join(' ');
  return reason === '' ? undefined : reason.slice(0, 200);
}
