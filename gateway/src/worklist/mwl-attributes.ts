import type { TextVr } from './dicom-writer';
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
  tag: number;
  vr: TextVr | 'SQ';
  match: MatchKind;
  value: (row: WorklistRow) => string;
}

const none = (): string => '';
const attr = (
  tag: number,
  vr: AttributeSpec['vr'],
  match: MatchKind,
  value: (row: WorklistRow) => string,
) => ({
  tag,
  vr,
  match,
  value,
});
const empty = (tag: number, vr: AttributeSpec['vr']): AttributeSpec => attr(tag, vr, 'empty', none);

/**
 * Our items carry one requested procedure with one scheduled step, both identified by the accession
 * number, unless a procedure code was recorded (production's `procedure_code`).
 */
const procedureId = (row: WorklistRow) => row.procedureCode ?? row.accessionNumber;

/**
 * Scheduled Procedure Step Status (0040,0020) from the item's state: an item staff or MPPS started is
 * STARTED; finished items are never offered, so they need no term.
 */
const stepStatus = (row: WorklistRow): string =>
  row.status === 'SCHEDULED' ? 'SCHEDULED' : row.status === 'IN PROGRESS' ? 'STARTED' : '';

/** Scheduled Station AE Title: type 1 return key, but items may be assigned to no station (mwl-response). */
export const STATION_AE_TAG = 0x00400001;

/** Tags and VRs are checked against dcmjs's copy of the PS3.6 dictionary in mwl-attributes.test. */
export const TOP_LEVEL_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  PatientName: attr(0x00100010, 'PN', 'name', (r) => r.patientName),
  PatientID: attr(0x00100020, 'LO', 'exact', (r) => r.patientId),
  PatientBirthDate: attr(0x00100030, 'DA', 'date', (r) => r.patientBirthDate),
  PatientSex: attr(0x00100040, 'CS', 'exact', (r) => r.patientSex),
  AccessionNumber: attr(0x00080050, 'SH', 'exact', (r) => r.accessionNumber),
  StudyInstanceUID: attr(0x0020000d, 'UI', 'uid', (r) => r.studyInstanceUid),
  RequestedProcedureID: attr(0x00401001, 'SH', 'exact', procedureId),
  RequestedProcedureDescription: attr(0x00321060, 'LO', 'exact', (r) => r.studyDescription),
  // Not in Table K.6-1, but many modalities ask for it to pre-fill the study they create.
  StudyDescription: attr(0x00081030, 'LO', 'exact', (r) => r.studyDescription),
  ReferringPhysicianName: empty(0x00080090, 'PN'),
  RequestingPhysician: empty(0x00321032, 'PN'),
  RequestedProcedurePriority: empty(0x00401003, 'SH'),
  PatientTransportArrangements: empty(0x00401004, 'LO'),
  AdmissionID: empty(0x00380010, 'LO'),
  CurrentPatientLocation: empty(0x00380300, 'LO'),
  PatientWeight: empty(0x00101030, 'DS'),
  PatientState: empty(0x00380500, 'LO'),
  MedicalAlerts: empty(0x00102000, 'LO'),
  Allergies: empty(0x00102110, 'LO'),
  SpecialNeeds: empty(0x00380050, 'LO'),
  ConfidentialityConstraintOnPatientDataDescription: empty(0x00403001, 'LO'),
  ReferencedStudySequence: empty(0x00081110, 'SQ'),
  ReferencedPatientSequence: empty(0x00081120, 'SQ'),
};

export const SPS_KEY = 'ScheduledProcedureStepSequence';
export const SPS_TAG = 0x00400100;
export const SPECIFIC_CHARACTER_SET_TAG = 0x00080005;

export const SPS_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  Modality: attr(0x00080060, 'CS', 'exact', (r) => r.modality),
  ScheduledStationAETitle: attr(STATION_AE_TAG, 'AE', 'station', (r) => r.scheduledStationAeTitle ?? ''),
  ScheduledProcedureStepStartDate: attr(0x00400002, 'DA', 'date', (r) => r.scheduledDate),
  ScheduledProcedureStepStartTime: attr(0x00400003, 'TM', 'time', (r) => r.scheduledTime),
  ScheduledProcedureStepDescription: attr(0x00400007, 'LO', 'exact', (r) => r.studyDescription),
  ScheduledProcedureStepID: attr(0x00400009, 'SH', 'exact', procedureId),
  ScheduledProcedureStepStatus: attr(0x00400020, 'CS', 'exact', stepStatus),
  ScheduledPerformingPhysicianName: empty(0x00400006, 'PN'),
  ScheduledStationName: empty(0x00400010, 'SH'),
  ScheduledProcedureStepLocation: empty(0x00400011, 'SH'),
  PreMedication: empty(0x00400012, 'LO'),
  RequestedContrastAgent: empty(0x00321070, 'LO'),
};

/** Present in identifiers but not keys: never matched, never counted as unsupported. */
export const NOT_KEYS = new Set(['SpecificCharacterSet', 'QueryRetrieveLevel', 'TimezoneOffsetFromUTC']);
