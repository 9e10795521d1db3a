import type { DeliveryRequest } from '#gateway/destinations/destination';

/** An accession-identified ServiceRequest shaped like the app's builder output (fields trimmed). */
export const ACCESSION_SYSTEM = 'https://modality-link.nhs.example/accession';

export function serviceRequest(accession = 'ACC202611270001'): string {
  return JSON.stringify({
    resourceType: 'ServiceRequest',
    contained: [
      {
        resourceType: 'Patient',
        id: 'participant',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
        name: [{ family: 'PRYS-JONES', given: ['Siân'] }],
      },
    ],
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] },
        system: ACCESSION_SYSTEM,
        value: accession,
      },
    ],
    status: 'active',
    intent: 'order',
    subject: { reference: '#participant' },
  });
}

/** An ORM^O01 with control id CTRL0001, segments separated by CR as HL7 requires. */
export const HL7_ORDER = [
  'MSH|^~\\&|MODALITY-LINK|RXX|RIS|RXX|20261127091500+0000||ORM^O01|CTRL0001|P|2.4',
  'PID|1||9434765919^^^NHS^NH||PRYS-JONES^Siân||19660314|F',
  'ORC|NW|ACC202611270001',
  'OBR|1|ACC202611270001||24623002^Screening mammography^SCT',
].join('\r');

export function deliverRequest(
  type: string,
  payload: string,
  actionId = '3f1c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a3b',
): DeliveryRequest {
  return {
    actionId,
    actionType: 'message.deliver',
    parameters: { type, payload, destination: 'dest' },
    destination: 'dest',
    attempt: 1,
  };
}
