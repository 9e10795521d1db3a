/**
 * Message builders: pure functions from one OrderContext snapshot to what each destination takes.
 * Design record: docs/adr/0003-message-builders.md.
 */
export type { OrderContext } from './order-context';
export { BuilderError } from './builder-error';

export {
  formatOffset,
  isoDateToCompact,
  parseIsoInstant,
  toDicomDateTime,
  toFhirDateTime,
  toHl7Timestamp,
  toLocalDateTime,
  type LocalDateTime,
} from './local-time';

export { formatAccessionNumber } from './accession-number';
export { buildWorklistCreateItem, worklistItemSchema, type WorklistItemParameters } from './worklist-item';
export { buildFhirServiceRequest, CONTAINED_PATIENT_ID } from './fhir-service-request';
export type {
  CodeableConcept,
  Coding,
  HumanName,
  Identifier,
  Patient,
  Reference,
  ServiceRequest,
} from './fhir-types';
export { buildHl7OrmO01, HL7_VERSION, type Hl7OrmOptions } from './hl7-orm';
export { escapeHl7, unescapeHl7, STANDARD_DELIMITERS, type Hl7Delimiters } from './hl7-escape';
export {
  hl7Get,
  Hl7ParseError,
  parseHl7,
  segmentsNamed,
  type Hl7Message,
  type Hl7Segment,
} from './hl7-parse';
export * from './terminology';
