/**
 * Code and identifier systems used by the builders, in one place so FHIR and HL7 say the same
 * thing. Rationale for each choice: docs/adr/0003-message-builders.md.
 */

export const SNOMED_CT = 'http://snomed.info/sct';

/** SNOMED CT 24623002 |Screening mammography (procedure)|; not 241055006 (symptomatic). */
export const SCREENING_MAMMOGRAPHY = {
  system: SNOMED_CT,
  code: '24623002',
  display: 'Screening mammography',
} as const;

/** SNOMED CT 363679005 |Imaging (procedure)|: the imaging entry of FHIR's servicerequest-category example set. */
export const IMAGING_CATEGORY = { system: SNOMED_CT, code: '363679005', display: 'Imaging' } as const;

/** NHS number, as used by PDS FHIR and the NHS FHIR UK Core profiles. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Organisation Data Service code (trusts, e.g. RXX), as used by UK Core. */
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

/**
 * Our accession numbers. Unique only within Modality Link, so namespaced under our own URL;
 * receivers should match on system + value. `.example` until a real domain is registered.
 */
export const ACCESSION_SYSTEM = 'https://modality-link.nhs.example/accession';

/** HL7 v2 table 0203 (identifier type) as a FHIR code system; ACSN = accession ID. */
export const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** DICOM controlled terminology (PS3.16); modality codes such as MG are in CID 29. */
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';
