import { isUid, items, text, type Elements } from '../return-path/dicom-values';

/**
 * The attribute rules of PS3.4 Table F.7.2-1 that the gateway enforces, as pure checks over the
 * naturalised elements of a request. Each returns the first problem as a DICOM status and an Error
 * Comment (≤ 64 characters) that names the attribute, never its value, so a modality's log says what
 * to fix without the gateway's log holding patient data.
 *
 * Statuses follow PS3.7 10.1.5 (N-CREATE) and 10.1.3 (N-SET): a type 1 attribute absent at N-CREATE is
 * 0120 Missing Attribute; present without a value 0121 Missing Attribute Value (N-SET has no 0120, so
 * there both are 0121); a wrong value, or an attribute N-SET may not change, 0106 Invalid Attribute Value.
 */
export const RULE_STATUS = {
  invalidAttributeValue: 0x0106,
  missingAttribute: 0x0120,
  missingAttributeValue: 0x0121,
} as const;

export interface RuleProblem {
  status: number;
  comment: string;
}

/** Type 1 at N-CREATE (top level), apart from the status and the scheduled step sequence read elsewhere. */
const CREATE_TYPE_1 = [
  'PerformedProcedureStepID',
  'PerformedStationAETitle',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'Modality',
] as const;

/** "Not allowed" in the N-SET column of Table F.7.2-1: fixed once the step is created. */
export const NOT_SETTABLE = [
  'ScheduledStepAttributesSequence',
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'OtherPatientIDsSequence',
  'PatientBirthDate',
  'PatientSex',
  'ReferencedPatientSequence',
  'AdmissionID',
  'IssuerOfAdmissionIDSequence',
  'ServiceEpisodeID',
  'IssuerOfServiceEpisodeIDSequence',
  'ServiceEpisodeDescription',
  'PerformedProcedureStepID',
  'PerformedStationAETitle',
  'PerformedStationName',
  'PerformedLocation',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'Modality',
  'StudyID',
] as const;

const DATE = /^\d{8}$/;
/** TM: HH, HHMM, HHMMSS, optionally with a fraction (PS3.5 6.2). */
const TIME = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

function required(
  elements: Elements,
  keyword: string,
  where: string,
  absentStatus: number,
): RuleProblem | undefined {
  if (!(keyword in elements) || elements[keyword] === undefined)
    return { status: absentStatus, comment: `${where}${keyword} is missing` };
  if (text(elements[keyword]) === '')
    return { status: RULE_STATUS.missingAttributeValue, comment: `${where}${keyword} has no value` };
  return undefined;
}

function dateTimeProblem(elements: Elements, date: string, time: string): RuleProblem | undefined {
  if (date in elements && text(elements[date]) !== '' && !DATE.test(text(elements[date])))
    return { status: RULE_STATUS.invalidAttributeValue, comment: `${date} is not a DICOM date` };
  if (time in elements && text(elements[time]) !== '' && !TIME.test(text(elements[time])))
    return { status: RULE_STATUS.invalidAttributeValue, comment: `${time} is not a DICOM time` };
  return undefined;
}

/** Items of a Performed Series Sequence: Series Instance UID and Protocol Name are type 1 in each. */
function seriesProblem(elements: Elements, absentStatus: number): RuleProblem | undefined {
  for (const series of items(elements.PerformedSeriesSequence)) {
    const where = 'PerformedSeriesSequence>';
    const problem =
      required(series, 'SeriesInstanceUID', where, absentStatus) ??
      required(series, 'ProtocolName', where, absentStatus);
    if (problem) return problem;
    if (!isUid(text(series.SeriesInstanceUID)))
      return { status: RULE_STATUS.invalidAttributeValue, comment: `${where}SeriesInstanceUID is invalid` };
  }
  return undefined;
}

/** N-CREATE: every type 1 attribute present with a valid value. */
export function createProblem(elements: Elements): RuleProblem | undefined {
  for (const keyword of CREATE_TYPE_1) {
    const problem = required(elements, keyword, '', RULE_STATUS.missingAttribute);
    if (problem) return problem;
  }
  for (const step of items(elements.ScheduledStepAttributesSequence)) {
    const where = 'ScheduledStepAttributesSequence>';
    const problem = required(step, 'StudyInstanceUID', where, RULE_STATUS.missingAttribute);
    if (problem) return problem;
    if (!isUid(text(step.StudyInstanceUID)))
      return { status: RULE_STATUS.invalidAttributeValue, comment: `${where}StudyInstanceUID is invalid` };
  }
  return (
    dateTimeProblem(elements, 'PerformedProcedureStepStartDate', 'PerformedProcedureStepStartTime') ??
    dateTimeProblem(elements, 'PerformedProcedureStepEndDate', 'PerformedProcedureStepEndTime') ??
    seriesProblem(elements, RULE_STATUS.missingAttribute)
  );
}

/** N-SET: nothing fixed at creation may change, and what is set must be well formed. */
export function setProblem(elements: Elements): RuleProblem | undefined {
  const fixed = NOT_SETTABLE.find((keyword) => keyword in elements && elements[keyword] !== undefined);
  if (fixed)
    return { status: RULE_STATUS.invalidAttributeValue, comment: `${fixed} may not be changed by N-SET` };
  return (
    dateTimeProblem(elements, 'PerformedProcedureStepEndDate', 'PerformedProcedureStepEndTime') ??
    seriesProblem(elements, RULE_STATUS.missingAttributeValue)
  );
}

/** What the final-state check needs to know about one N-SET. */
export interface FinalStateFacts {
  endDate: boolean;
  endTime: boolean;
  /** Items in this N-SET's Performed Series Sequence; undefined when it does not carry the sequence. */
  seriesItems: number | undefined;
}

export function finalStateFacts(elements: Elements): FinalStateFacts {
  return {
    endDate: text(elements.PerformedProcedureStepEndDate) !== '',
    endTime: text(elements.PerformedProcedureStepEndTime) !== '',
    seriesItems:
      'PerformedSeriesSequence' in elements ? items(elements.PerformedSeriesSequence).length : undefined,
  };
}

/**
 * COMPLETED or DISCONTINUED: the Final State column requires end date and time, and at least one
 * Performed Series item (Note 2: a series must exist even when it holds no images). Either may have
 * come in an earlier N-SET: `stored` says what the step already has.
 */
export function finalStateProblem(
  facts: FinalStateFacts,
  stored: { ended: boolean; hadImages: boolean },
): RuleProblem | undefined {
  const missing = (keyword: string): RuleProblem => ({
    status: RULE_STATUS.missingAttributeValue,
    comment: `${keyword} is required to finish the step`,
  });
  if (!stored.ended && !facts.endDate) return missing('PerformedProcedureStepEndDate');
  if (!stored.ended && !facts.endTime) return missing('PerformedProcedureStepEndTime');
  if (facts.seriesItems === undefined ? !stored.hadImages : facts.seriesItems === 0)
    return missing('PerformedSeriesSequence');
  return undefined;
}
