import type { WorklistRow } from './worklist-store';

/**
 * The Modality Worklist attributes this SCP supports (PS3.4 Table K.6-1), how each is matched, and
 * where its value comes from. One table drives query parsing, matching and response building, so the
 * three cannot drift apart, and the conformance notes in docs/adr/0005 can be read off it.
 *
 * - `exact`: single value matching; `*` alone or an empty value is universal.
 * - `name`: person name, `*`/`?` wildcards, case-insensitive (as production).
 * - `date` / `time`: single value or range `a-b`, `-b`, `a-`.
 * - `uid`: list of UIDs (multi-valued), any may match.
 * - `station`: exact, but items assigned to no station match every station (see mwl-query).
 * - `empty`: a Type 2 return key we hold no data for; returned zero-length, and since the stored value
 *   is empty a non-universal query value matches nothing (C.2.2.2.1 single value matching).
 */
export type MatchKind = 'exact' | 'name' | 'date' | 'time' | 'uid' | 'station' | 'empty';

export interface AttributeSpec {
  match: MatchKind;
  /** PN values are written as dcmjs person-name objects, SQ as item arrays, everything else as text. */
  vr: 'PN' | 'SQ' | 'text';
  value: (row: WorklistRow) => string;
}

const none = (): string => '';
const attr = (match: MatchKind, value: (row: WorklistRow) => string, vr: AttributeSpec['vr'] = 'text') => ({
  match,
  vr,
  value,
});
const empty = (vr: AttributeSpec['vr'] = 'text'): AttributeSpec => attr('empty', none, vr);

/**
 * Our items carry one requested procedure with one scheduled step, both identified by the accession
 * number, unless a procedure code was recorded (production's `procedure_code`).
 */
const procedureId = (row: WorklistRow) => row.procedureCode ?? row.accessionNumber;

export const TOP_LEVEL_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  PatientName: attr('name', (r) => r.patientName, 'PN'),
  PatientID: attr('exact', (r) => r.patientId),
  PatientBirthDate: attr('date', (r) => r.patientBirthDate),
  PatientSex: attr('exact', (r) => r.patientSex),
  AccessionNumber: attr('exact', (r) => r.accessionNumber),
  StudyInstanceUID: attr('uid', (r) => r.studyInstanceUid),
  RequestedProcedureID: attr('exact', procedureId),
  RequestedProcedureDescription: attr('exact', (r) => r.studyDescription),
  // Not in Table K.6-1, but many modalities ask for it to pre-fill the study they create.
  StudyDescription: attr('exact', (r) => r.studyDescription),
  ReferringPhysicianName: empty('PN'),
  RequestingPhysician: empty('PN'),
  RequestedProcedurePriority: empty(),
  PatientTransportArrangements: empty(),
  AdmissionID: empty(),
  CurrentPatientLocation: empty(),
  PatientWeight: empty(),
  PatientState: empty(),
  MedicalAlerts: empty(),
  Allergies: empty(),
  SpecialNeeds: empty(),
  ConfidentialityConstraintOnPatientDataDescription: empty(),
  ReferencedStudySequence: empty('SQ'),
  ReferencedPatientSequence: empty('SQ'),
};

export const SPS_KEY = 'ScheduledProcedureStepSequence';

export const SPS_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  Modality: attr('exact', (r) => r.modality),
  ScheduledStationAETitle: attr('station', (r) => r.scheduledStationAeTitle ?? ''),
  ScheduledProcedureStepStartDate: attr('date', (r) => r.scheduledDate),
  ScheduledProcedureStepStartTime: attr('time', (r) => r.scheduledTime),
  ScheduledProcedureStepDescription: attr('exact', (r) => r.studyDescription),
  ScheduledProcedureStepID: attr('exact', procedureId),
  ScheduledPerformingPhysicianName: empty('PN'),
  ScheduledStationName: empty(),
  ScheduledProcedureStepLocation: empty(),
  PreMedication: empty(),
  RequestedContrastAgent: empty(),
};

/** Present in identifiers but not keys: never matched, never counted as unsupported. */
export const NOT_KEYS = new Set(['SpecificCharacterSet', 'QueryRetrieveLevel', 'TimezoneOffsetFromUTC']);
