/**
 * FHIR R4 ServiceRequest for a screening mammogram, for trust integration engines that take FHIR.
 * Fixes the seed's payload, which lacked the accession number, name, birth date and time.
 *
 * No `id`: the receiving server assigns one; the business identifier is the accession number.
 * The participant travels as a contained Patient because the receiver needs demographics to match
 * (a bare NHS-number reference would force a PDS lookup on their side); organisations go as
 * logical references by ODS code because every NHS system can resolve those.
 */
import { BuilderError } from './builder-error';
import {
  checkAccessionNumber,
  checkCodeString,
  checkLongString,
  checkNhsNumber,
  checkOdsCode,
  toSingleLine,
} from './field-rules';
import type { Patient, Reference, ServiceRequest } from './fhir-types';
import { isoDateToCompact, toFhirDateTime } from './local-time';
import type { OrderContext } from './order-context';
import {
  ACCESSION_SYSTEM,
  DICOM_DCM,
  IMAGING_CATEGORY,
  NHS_NUMBER_SYSTEM,
  ODS_ORGANIZATION_SYSTEM,
  SCREENING_MAMMOGRAPHY,
  V2_IDENTIFIER_TYPE,
} from './terminology';

/** Local id of the contained Patient; referenced as `#participant`. */
export const CONTAINED_PATIENT_ID = 'participant';

/**
 * FHIR strings must be non-empty, should not have leading/trailing whitespace, and may not hold
 * control characters other than tab/CR/LF. Names and displays are single-line, so every control
 * character becomes a space (as in the DICOM builder) instead of failing the whole order.
 */
function fhirString(field: string, value: string): string {
  const cleaned = toSingleLine(value);
  if (cleaned === '') throw new BuilderError(field, 'must not be empty');
  return cleaned;
}

function containedPatient(p: OrderContext['participant']): Patient {
  const given = p.givenName.trim() === '' ? '' : fhirString('participant.givenName', p.givenName);
  isoDateToCompact(p.dateOfBirth, 'participant.dateOfBirth'); // validates; FHIR keeps YYYY-MM-DD
  return {
    resourceType: 'Patient',
    id: CONTAINED_PATIENT_ID,
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: checkNhsNumber('participant.nhsNumber', p.nhsNumber) }],
    name: [
      {
        use: 'official',
        family: fhirString('participant.familyName', p.familyName),
        ...(given ? { given: [given] } : {}),
      },
    ],
    gender: p.sex,
    birthDate: p.dateOfBirth,
  };
}

export function buildFhirServiceRequest(ctx: OrderContext): ServiceRequest {
  const tz = ctx.clinic.timeZone;
  const provider: Reference = {
    type: 'Organization',
    identifier: {
      system: ODS_ORGANIZATION_SYSTEM,
      value: checkOdsCode('provider.odsCode', ctx.provider.odsCode),
    },
    display: fhirString('provider.name', ctx.provider.name),
  };
  const location = [ctx.clinic.name, ctx.clinic.location].filter((s) => s.trim() !== '').join(', ');
  const modality = checkCodeString('procedure.modality', ctx.procedure.modality);

  return {
    resourceType: 'ServiceRequest',
    contained: [containedPatient(ctx.participant)],
    identifier: [
      {
        type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: 'ACSN', display: 'Accession ID' }] },
        system: ACCESSION_SYSTEM,
        value: checkAccessionNumber('accessionNumber', ctx.accessionNumber),
      },
    ],
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ ...IMAGING_CATEGORY }] }],
    code: {
      coding: [{ ...SCREENING_MAMMOGRAPHY }],
      text: checkLongString('procedure.studyDescription', ctx.procedure.studyDescription),
    },
    // The DICOM modality, so an engine that builds a worklist from this order can route it.
    orderDetail: [{ coding: [{ system: DICOM_DCM, code: modality }] }],
    subject: { reference: `#${CONTAINED_PATIENT_ID}`, type: 'Patient' },
    occurrenceDateTime: toFhirDateTime(ctx.appointment.startsAt, tz, 'appointment.startsAt'),
    // Same instant as createdAt, normalised to whole seconds with the clinic offset: FHIR dateTime
    // requires seconds, and one rendering rule for every time in the message avoids confusion.
    authoredOn: toFhirDateTime(ctx.createdAt, tz, 'createdAt'),
    requester: provider,
    performer: [{ ...provider }],
    ...(location === '' ? {} : { locationReference: [{ display: fhirString('clinic.location', location) }] }),
  };
}
