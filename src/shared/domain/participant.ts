/** A participant's recorded sex, as the clinic list holds it (DICOM and HL7 codes are derived from it). */
export const PARTICIPANT_SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type ParticipantSex = (typeof PARTICIPANT_SEXES)[number];
