import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readClinicListCsv } from './csv-clinic-list';
import { readClinicListBundle } from './fhir-clinic-list';
import { checkRow } from './import-row';

const HEADER =
  'clinic_date,clinic_name,location,appointment_time,nhs_number,family_name,given_name,date_of_birth,sex';

/** Whatever a file holds, reading and checking it gives rows or named errors: it never throws. */
describe('clinic list readers on arbitrary input', () => {
  it('read any CSV text after a valid header without throwing', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', '1', ',', '"', '\r', '\n', '=', ' ', '/', ':', '-', '\uFEFF'),
        }),
        (body) => {
          const read = readClinicListCsv(`${HEADER}\n${body}`);
          for (const row of read.rows) checkRow(row, '2026-12-04');
          expect(read.fileErrors.every((e) => /^Row \d+: /.test(e))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('read any JSON value shaped roughly like a bundle without throwing', () => {
    const reference = fc.constantFrom('Patient/p1', 'Location/l1', 'urn:uuid:x', 'Patient/missing', '', 42);
    const resource = fc.record(
      {
        resourceType: fc.constantFrom('Appointment', 'Patient', 'Location', 'Practitioner', 7),
        id: fc.constantFrom('p1', 'l1', 'a1', null),
        status: fc.constantFrom('booked', 'cancelled', undefined, 3),
        start: fc.constantFrom('2027-03-01T09:00:00Z', '2027-03-01', 'x', null),
        participant: fc.oneof(
          fc.array(fc.record({ actor: fc.oneof(fc.record({ reference }), fc.constant(null)) })),
          fc.constant('no'),
        ),
        serviceType: fc.oneof(
          fc.constant([{ text: 'Clinic' }]),
          fc.constant([{ coding: 'x' }]),
          fc.constant({}),
        ),
        identifier: fc.oneof(
          fc.constant([{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: 9990040001 }]),
          fc.constant('x'),
        ),
        name: fc.oneof(fc.constant([{ family: 'A', given: ['B', 3] }]), fc.constant([null]), fc.constant({})),
      },
      { requiredKeys: [] },
    );
    const bundle = fc.record(
      {
        resourceType: fc.constantFrom('Bundle', 'Patient'),
        entry: fc.oneof(
          fc.array(fc.oneof(fc.record({ fullUrl: reference, resource }), fc.anything())),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(bundle, (value) => {
        const read = readClinicListBundle(JSON.stringify(value) ?? 'null');
        for (const row of read.rows) checkRow(row, '2026-12-04');
        expect(Array.isArray(read.fileErrors)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
