/**
 * The slice of FHIR R4 the builders emit. @medplum/fhirtypes is not installed (and @medplum/core's
 * own type imports of it therefore resolve to `any`), so we type what we produce ourselves; the
 * tests prove the shapes against the official R4 StructureDefinitions via @medplum/core.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  system: string;
  value: string;
  type?: CodeableConcept;
}

export interface Reference {
  /** `#id` for a contained resource. */
  reference?: string;
  type?: string;
  /** Logical reference: the target is identified, not located. */
  identifier?: Identifier;
  display?: string;
}

export interface HumanName {
  use?: 'official' | 'usual';
  family?: string;
  given?: string[];
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  identifier: Identifier[];
  name: HumanName[];
  gender: 'female' | 'male' | 'other' | 'unknown';
  birthDate: string;
}

export interface ServiceRequest {
  resourceType: 'ServiceRequest';
  contained: Patient[];
  identifier: Identifier[];
  status: 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';
  intent:
    | 'proposal'
    | 'plan'
    | 'directive'
    | 'order'
    | 'original-order'
    | 'reflex-order'
    | 'filler-order'
    | 'instance-order'
    | 'option';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  occurrenceDateTime: string;
  authoredOn: string;
  requester: Reference;
  performer: Reference[];
  orderDetail: CodeableConcept[];
  locationReference?: Reference[];
}
